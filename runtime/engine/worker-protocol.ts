/** Messages between the main thread and a guest worker (all structured-cloneable). */
import type { MessagePort } from 'node:worker_threads';
import type { HttpErrorCode, HttpRequestData, HttpResponseData, OutboundRequestData } from '../host/http-message.js';
import type { SerializedError } from '../errors/spinscope-error.js';

/** `workerData` for a guest worker. */
export interface WorkerInit {
  gluePath: string;
  /** Core modules compiled once on the main thread, by file name. */
  modules: Record<string, WebAssembly.Module>;
  /** Where the main thread posts outbound results (see outbound-bridge.ts). */
  outboundReplies: MessagePort;
  /** Incremented by the main thread after each outbound result it posts. */
  outboundSignal: Int32Array;
  /** The component's resolved `variables`, handed to every instance. */
  variables: ReadonlyMap<string, string>;
}

/** Main thread -> worker. */
export interface HandleMessage {
  type: 'handle';
  request: HttpRequestData;
}

/** What a guest printed while it served a request. */
export interface GuestOutput {
  stdout: string;
  stderr: string;
}

/** A guest's whole answer plus what it printed while producing it. */
export interface GuestResponse extends HttpResponseData, GuestOutput {}

/** More of the guest's response: its head (once, first) and body bytes written since the last part. */
export interface ResponsePart {
  head?: { status: number; headers: [string, string][] };
  bytes?: Uint8Array;
}

/** Worker -> main thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'load-failed'; error: SerializedError | string }
  /** Sent before the guest blocks, so what it has written so far reaches the client. */
  | { type: 'response-part'; part: ResponsePart }
  /** The guest returned: the last of its response, and what it printed. */
  | { type: 'response'; part: ResponsePart; output: GuestOutput }
  | { type: 'trap'; message: string; stderr: string }
  | { type: 'outbound'; ticket: number; request: OutboundRequestData }
  /** The guest read `bytes` more of the response body of `ticket`'s request. */
  | { type: 'outbound-read'; ticket: number; bytes: number };

/** What happened to a response body since the last message about it. */
export interface BodyUpdate {
  bytes?: Uint8Array;
  end?: true;
  error?: HttpErrorCode;
}

/** An outbound result on the wire: a response carries its head here, its body in {@link BodyUpdate}s. */
export type WireResult = { response: { status: number; headers: [string, string][] } } | { error: HttpErrorCode } | { trap: string };

/**
 * Main thread -> worker, on the outbound port: the result of the request with `ticket`
 * (a response's head with the body received so far), then more of that body.
 */
export type OutboundReply = { ticket: number; result: WireResult; body?: BodyUpdate } | { ticket: number; body: BodyUpdate };
