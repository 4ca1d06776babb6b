/**
 * How a guest's host reaches the thread where outbound requests are performed.
 * Sending never blocks, so a guest can have several requests in flight
 * (concurrent `fetch`es); only waiting on a pollable blocks the guest's thread.
 */
import type { ArrivedResult, OutboundRequestData } from './http-message.js';

/** The guest side of the outbound line: non-blocking sends, results collected as they arrive. */
export interface OutboundLink {
  /** Starts `request` and returns the ticket its result will carry. */
  send(request: OutboundRequestData): number;
  /** The result for `ticket` once it has arrived (handed out once); `undefined` while in flight. */
  takeResult(ticket: number): ArrivedResult | undefined;
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
    takeResult: (ticket) => (denied.delete(ticket) ? { error: { tag: 'HTTP-request-denied' } } : undefined),
    waitForResults: () => undefined,
  };
}
