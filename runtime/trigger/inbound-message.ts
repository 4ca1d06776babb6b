/** What the trigger hands a component, and what answers it. */
import type { ByteQueue, Request, Response } from '../http/index.js';
import type { RouteMatch } from './router.js';

/** A request after routing: its body whole, or arriving while the component runs (the listener's request stream). */
export interface RoutedRequest extends Request<Uint8Array | AsyncIterable<Uint8Array>> {
  readonly scheme: 'http';
  /** The `Host` header (after stripping) or the request target's authority. */
  readonly authority: string;
  /** The request's headers, then Spin's `spin-*` headers (spin-headers.ts). */
  readonly headers: [string, string][];
  readonly route: RouteMatch;
  /** The peer, e.g. `127.0.0.1:53412`. */
  readonly clientAddr: string;
}

/**
 * Answers a routed request: runs the component `request.route` names, or serves its
 * static response. Wired to the engine by the app layer. Its answer's body is whole, sent
 * with a `content-length` as hyper sends Spin's whole bodies, or arriving as the
 * component writes it. Rejecting with an InboundError whose outcome is `dropped` closes
 * the connection without a response.
 */
export type InboundHandler = (request: RoutedRequest) => Promise<Response<Uint8Array | ByteQueue>>;
