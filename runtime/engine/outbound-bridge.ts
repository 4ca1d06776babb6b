/**
 * Outbound HTTP from a guest worker, performed on the main thread.
 *
 * The worker posts each request with a ticket and carries on; the main thread
 * runs the injected `PerformOutbound` (where the policy check and undici live),
 * posts the result with its ticket on a dedicated port and bumps a shared
 * counter. A guest that waits blocks in `Atomics.wait` on that counter and
 * takes what arrived with `receiveMessageOnPort`.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { OutboundRequestData, OutboundResult } from '../host/http-message.js';
import type { OutboundLink } from '../host/outbound-link.js';
import type { OutboundReply, WorkerMessage } from './worker-protocol.js';

/** Worker side: the guest host's link to the main thread. */
export class WorkerOutboundLink implements OutboundLink {
  readonly #post: (message: WorkerMessage) => void;
  readonly #replies: MessagePort;
  readonly #signal: Int32Array;
  readonly #arrived = new Map<number, OutboundResult>();
  /** Tickets of the instance serving now; replies to an earlier instance's requests are dropped. */
  readonly #live = new Set<number>();
  #nextTicket = 1;

  constructor(post: (message: WorkerMessage) => void, replies: MessagePort, signal: Int32Array) {
    this.#post = post;
    this.#replies = replies;
    this.#signal = signal;
  }

  send(request: OutboundRequestData): number {
    const ticket = this.#nextTicket++;
    this.#live.add(ticket);
    this.#post({ type: 'outbound', ticket, request });
    return ticket;
  }

  takeResult(ticket: number): OutboundResult | undefined {
    this.#drain();
    const result = this.#arrived.get(ticket);
    if (result !== undefined) {
      this.#arrived.delete(ticket);
      this.#live.delete(ticket);
    }
    return result;
  }

  waitForResults(deadline?: bigint): void {
    const seen = Atomics.load(this.#signal, 0);
    if (this.#drain()) return;
    const timeoutMs = deadline === undefined ? undefined : Math.max(0, Math.ceil(Number(deadline - process.hrtime.bigint()) / 1e6));
    Atomics.wait(this.#signal, 0, seen, timeoutMs);
  }

  /** Forgets the previous instance's requests; called before each new request is served. */
  reset(): void {
    this.#live.clear();
    this.#arrived.clear();
  }

  /** Moves waiting replies into `#arrived`; true if any was for a live ticket. */
  #drain(): boolean {
    let any = false;
    for (let received = receiveMessageOnPort(this.#replies); received !== undefined; received = receiveMessageOnPort(this.#replies)) {
      const { ticket, result } = received.message as OutboundReply;
      if (!this.#live.has(ticket)) continue;
      this.#arrived.set(ticket, result);
      any = true;
    }
    return any;
  }
}

/** Main-thread side: waits for `outcome`, posts it to the worker under `ticket`, and wakes the worker if it is waiting. */
export async function answerOutbound(ticket: number, outcome: Promise<OutboundResult>, replies: MessagePort, signal: Int32Array): Promise<void> {
  let result: OutboundResult;
  try {
    result = await outcome;
  } catch (error) {
    // The guest can only receive a WIT error code; the message keeps the cause visible in its logs.
    result = { error: { tag: 'internal-error', val: error instanceof Error ? error.message : String(error) } };
  }
  const reply: OutboundReply = { ticket, result };
  replies.postMessage(reply);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}
