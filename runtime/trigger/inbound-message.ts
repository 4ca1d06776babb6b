/** What the trigger hands a component and gets back; shaped like the engine's `HttpRequestData`. */
import type { ClientAbort } from '../api/events.js';
import type { RouteMatch } from './router.js';
import type { HeaderPairs } from './spin-headers.js';

/** A routed request as a component receives it (structurally an engine `HttpRequestData`). */
export interface InboundRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  readonly scheme: 'http';
  /** The `Host` header (after stripping) or the request target's authority. */
  readonly authority: string;
  /** The request's headers, then Spin's `spin-*` headers (spin-headers.ts). */
  readonly headers: [string, string][];
  /** The body whole, or arriving while the component runs (e.g. the listener's request stream). */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  readonly route: RouteMatch;
  /** The peer, e.g. `127.0.0.1:53412`. */
  readonly clientAddr: string;
}

/** A body the component is still writing (structurally the host's `ByteQueue`). */
export interface ArrivingBytes {
  /** Bytes waiting to be taken. */
  readonly size: number;
  /** Whether it ended or failed. */
  readonly done: boolean;
  /** Set when the component failed before finishing it. */
  readonly error: unknown;
  take(): Uint8Array;
  /** The client is gone: drop the rest, so the component is not held back writing it. */
  discard(): void;
  onChange(listener: () => void): void;
}

/**
 * What a component (or a static response) answered: its body whole, sent with a
 * `content-length` as hyper sends Spin's whole bodies, or arriving as the component writes it.
 */
export interface InboundResponse {
  readonly status: number;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array | ArrivingBytes;
  /**
   * Told once, when the response has gone out: with nothing when all of it reached the
   * client (or the listener closed the connection itself), else how much of the body did
   * before the client closed the connection.
   */
  readonly onDelivered?: (abort: ClientAbort | undefined) => void;
}

/**
 * Answers a routed request: runs the component `request.route` names, or serves its
 * static response. Wired to the engine by the app layer. Rejecting with an InboundError
 * whose outcome is `dropped` closes the connection without a response.
 */
export type InboundHandler = (request: InboundRequest) => Promise<InboundResponse>;
