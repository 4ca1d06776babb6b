/**
 * How a guest's host reaches the thread where outbound requests are performed.
 * Sending never blocks, so a guest can have several requests in flight
 * (concurrent `fetch`es); only waiting on a pollable blocks the guest's thread.
 */
import type { ByteQueue, OutboundRequest, OutboundResult, Response } from '../http/index.js';

/** An outbound request as the guest's host sends it: its body whole, or what has been written of it so far. */
export type SentRequest = OutboundRequest<Uint8Array>;

/** How the guest left a request body it was still writing when the request went out. */
export type BodyClose = 'finish' | 'abort';

/** The guest side of the outbound line: non-blocking sends, results collected as they arrive. */
export interface OutboundLink {
  /**
   * Starts `request` and returns the ticket its result will carry. With `bodyOpen`,
   * `request.body` is only the start: more follows through {@link writeBody}, then {@link closeBody}.
   */
  send(request: SentRequest, bodyOpen?: boolean): number;
  /** More of the open body of `ticket`'s request (already copied out of the guest's memory). */
  writeBody(ticket: number, bytes: Uint8Array): void;
  /** How many bytes of the body the guest writes under `ticket` (an open request body, or its response) its reader has taken so far. */
  taken(ticket: number): number;
  /** The guest finished the open body of `ticket`'s request, or dropped it unfinished (the request then fails). */
  closeBody(ticket: number, how: BodyClose): void;
  /** Runs `callback` once, just before the guest's thread next blocks. */
  beforeBlocking(callback: () => void): void;
  /** The result for `ticket` once it has arrived (handed out once); `undefined` while in flight. */
  takeResult(ticket: number): OutboundResult<Response<ByteQueue>> | undefined;
  /** Blocks until some result or body bytes arrive or, given a deadline (monotonic-clock ns), until then. */
  waitForResults(deadline?: bigint): void;
}

/** A link with no one on the other end: every request is denied at once. */
export function denyingLink(): OutboundLink {
  const denied = new Set<number>();
  let next = 0;
  return {
    send: () => {
      denied.add(++next);
      return next;
    },
    writeBody: () => undefined,
    // Nobody reads a denied request's body, so nothing the guest writes to it is held back.
    taken: () => Infinity,
    closeBody: () => undefined,
    beforeBlocking: () => undefined,
    takeResult: (ticket) => (denied.delete(ticket) ? { error: { tag: 'HTTP-request-denied' } } : undefined),
    waitForResults: () => undefined,
  };
}
