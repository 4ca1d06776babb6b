/**
 * The HTTP messages every layer hands on: requests and responses whose bodies are whole,
 * being written or still arriving, and the `wasi:http` error a failed one carries. The
 * plain-data ones cross the worker boundary (structured-cloneable). Header values are
 * byte strings: bytes map 1:1 to latin1 code points.
 */
import type { ClientAbort } from '../api/events.js';
import type { ByteQueue } from './byte-queue.js';

/** A request's method, target and headers. */
export interface RequestHead {
  readonly method: string;
  /** `http` or `https`; an inbound request's defaults to `http`. */
  readonly scheme?: 'http' | 'https' | undefined;
  /** An inbound request's defaults to its `Host` header, else `localhost`; an outbound request without one is relative (spec §9.40). */
  readonly authority?: string | undefined;
  /** Path and query, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  readonly headers: [string, string][];
}

/**
 * A request and its body: `Uint8Array` when whole; `AsyncIterable<Uint8Array>` while its
 * sender (a client, a chaining caller) still sends it; a {@link StreamingBody} once a
 * reader paces it.
 */
export interface Request<Body> extends RequestHead {
  readonly body: Body;
}

/** A response's status and headers. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: [string, string][];
}

/**
 * A response and its body: `Uint8Array` when whole; a {@link ByteQueue} while its
 * producer (a component) still writes it; a {@link StreamingBody} while it arrives from
 * upstream, paced by its reader.
 */
export interface Response<Body> extends ResponseHead {
  readonly body: Body;
  /**
   * Its reader calls this once, when the response has gone out: with nothing when all of
   * it reached the client (or the reader cut it off itself), else how much of the body
   * did before the client went away.
   */
  readonly onDelivered?: DeliveryReport | undefined;
}

/** How a response reached its client: `undefined` when whole (or the sender cut it off), else how much before the client went away. */
export type DeliveryReport = (abort: ClientAbort | undefined) => void;

/**
 * A request a guest sends through `wasi:http/outgoing-handler`, its target in the parts
 * the guest set, as `wasi:http` holds them: a scheme (`https` unless set), an authority
 * (none for a relative request, spec §9.40) and a path with query (`/` unless set). Its
 * body is whole or, on the main thread, arriving while the guest writes it (ending, or
 * failing if the guest abandons it).
 */
export interface OutboundRequest<Body = Uint8Array | ByteQueue> extends Request<Body> {
  /** The `request-options` timeouts the guest set, in milliseconds. */
  readonly timeouts?: OutboundTimeouts | undefined;
}

/** `request-options` from `wasi:http/types`, converted from nanoseconds to milliseconds. */
export interface OutboundTimeouts {
  connectMs: number | undefined;
  firstByteMs: number | undefined;
  betweenBytesMs: number | undefined;
}

/**
 * `variant error-code` from `wasi:http/types`, the cases a host is expected to
 * produce (the WIT has ~40; add them here as the dispatcher learns to report them).
 */
export type HttpErrorCode =
  | { tag: 'HTTP-request-denied' }
  | { tag: 'HTTP-request-URI-invalid' }
  | { tag: 'HTTP-protocol-error' }
  | { tag: 'DNS-timeout' }
  | { tag: 'DNS-error'; val: { rcode?: string; infoCode?: number } }
  | { tag: 'destination-not-found' }
  | { tag: 'destination-unavailable' }
  | { tag: 'connection-refused' }
  | { tag: 'connection-timeout' }
  | { tag: 'connection-terminated' }
  | { tag: 'TLS-protocol-error' }
  | { tag: 'connection-read-timeout' }
  | { tag: 'internal-error'; val?: string };

/**
 * A body still arriving on the main thread (an outbound response's, or an inbound
 * request's) on its way to a reader that may be elsewhere (the guest, in its worker):
 * what has come so far, whom to tell what the reader took, and how to abandon it. A
 * reader that takes from the queue itself hears the pace through the queue's own
 * `onTaken` instead (the guest's side of the worker channel).
 */
export interface StreamingBody {
  readonly queue: ByteQueue;
  /** The reader took `bytes` of the body (lets a paused sender resume). */
  taken(bytes: number): void;
  /** The reader is done with the body: stop receiving what it never took. */
  cancel(): void;
}

/**
 * What the main thread answers to an outbound request: a response (its body whole, or
 * still arriving), the WIT error the guest sees, or a trap raised in the guest when it
 * collects the result (Spin's `HttpError::trap`, e.g. an unknown chaining target, spec
 * §10.45). The worker holds the response's body as a {@link ByteQueue}; on the wire
 * between them a response is its head alone, its body following.
 */
export type OutboundResult<R = Response<Uint8Array | StreamingBody>> = { response: R } | { error: HttpErrorCode } | { trap: string };

/** Performs a guest's outbound request on the main thread: where the policy check and undici live. */
export type PerformOutbound = (request: OutboundRequest) => Promise<OutboundResult>;

/** Joins body chunks into one buffer. */
export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks));
}
