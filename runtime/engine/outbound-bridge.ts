/**
 * Outbound HTTP from a guest worker, performed on the main thread.
 *
 * The worker posts each request with a ticket and carries on; the main thread
 * runs the injected `PerformOutbound` (where the policy check and undici live),
 * posts the result with its ticket on a dedicated port, then the response body
 * as it arrives, bumping a shared counter each time. A guest that waits blocks
 * in `Atomics.wait` on that counter and takes what arrived with
 * `receiveMessageOnPort`. The guest reports what it reads, so a body it reads
 * slowly pauses the upstream instead of piling up.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ByteQueue } from '../host/byte-queue.js';
import type { ArrivedResult, OutboundRequestData, OutboundResult, StreamingBody } from '../host/http-message.js';
import type { OutboundLink } from '../host/outbound-link.js';
import type { BodyUpdate, OutboundReply, WireResult, WorkerMessage } from './worker-protocol.js';

/** Worker side: the guest host's link to the main thread. */
export class WorkerOutboundLink implements OutboundLink {
  readonly #post: (message: WorkerMessage) => void;
  readonly #replies: MessagePort;
  readonly #signal: Int32Array;
  readonly #arrived = new Map<number, ArrivedResult>();
  /** Response bodies still arriving, by ticket. */
  readonly #bodies = new Map<number, ByteQueue>();
  /** Tickets of the instance serving now; replies to an earlier instance's requests are dropped. */
  readonly #live = new Set<number>();
  readonly #beforeWait: () => void;
  #nextTicket = 1;

  /** `beforeWait` runs each time the guest's thread is about to block. */
  constructor(post: (message: WorkerMessage) => void, replies: MessagePort, signal: Int32Array, beforeWait: () => void = () => undefined) {
    this.#post = post;
    this.#replies = replies;
    this.#signal = signal;
    this.#beforeWait = beforeWait;
  }

  send(request: OutboundRequestData): number {
    const ticket = this.#nextTicket++;
    this.#live.add(ticket);
    this.#post({ type: 'outbound', ticket, request });
    return ticket;
  }

  takeResult(ticket: number): ArrivedResult | undefined {
    this.#drain();
    const result = this.#arrived.get(ticket);
    if (result !== undefined) this.#arrived.delete(ticket);
    return result;
  }

  waitForResults(deadline?: bigint): void {
    const seen = Atomics.load(this.#signal, 0);
    if (this.#drain()) return;
    this.#beforeWait();
    const timeoutMs = deadline === undefined ? undefined : Math.max(0, Math.ceil(Number(deadline - process.hrtime.bigint()) / 1e6));
    Atomics.wait(this.#signal, 0, seen, timeoutMs);
  }

  /** Forgets the previous instance's requests; called before each new request is served. */
  reset(): void {
    this.#live.clear();
    this.#arrived.clear();
    this.#bodies.clear();
  }

  /** Takes in waiting replies; true if any was for a live ticket. */
  #drain(): boolean {
    let any = false;
    for (let received = receiveMessageOnPort(this.#replies); received !== undefined; received = receiveMessageOnPort(this.#replies)) {
      const reply = received.message as OutboundReply;
      if (!this.#live.has(reply.ticket)) continue;
      if ('result' in reply) this.#arrived.set(reply.ticket, this.#arrive(reply.ticket, reply.result));
      if (reply.body !== undefined) this.#receiveBody(reply.ticket, reply.body);
      any = true;
    }
    return any;
  }

  #arrive(ticket: number, result: WireResult): ArrivedResult {
    if (!('response' in result)) return result;
    const queue = new ByteQueue();
    this.#bodies.set(ticket, queue);
    // Once the whole body is here the main thread no longer needs to hear what is read.
    const consumed = (bytes: number): void => {
      if (!queue.done) this.#post({ type: 'outbound-read', ticket, bytes });
    };
    return { response: { ...result.response, body: { queue, consumed } } };
  }

  #receiveBody(ticket: number, update: BodyUpdate): void {
    const queue = this.#bodies.get(ticket);
    if (queue === undefined) return;
    if (update.bytes !== undefined) queue.push(update.bytes);
    if (update.error !== undefined) queue.fail(update.error);
    else if (update.end === true) queue.end();
    if (queue.done) this.#bodies.delete(ticket);
  }
}

/**
 * Main-thread side, for one inbound request on one worker: answers its outbound
 * requests on the worker's port and, when the request is over, abandons the bodies
 * its guest left unread.
 */
export class OutboundAnswers {
  readonly #replies: MessagePort;
  readonly #signal: Int32Array;
  readonly #streaming = new Map<number, StreamingBody>();
  #closed = false;

  constructor(replies: MessagePort, signal: Int32Array) {
    this.#replies = replies;
    this.#signal = signal;
  }

  /** Waits for `outcome` and posts it under `ticket`, then its body as it arrives. */
  async answer(ticket: number, outcome: Promise<OutboundResult>): Promise<void> {
    let result: OutboundResult;
    try {
      result = await outcome;
    } catch (error) {
      // The guest can only receive a WIT error code; the message keeps the cause visible in its logs.
      result = { error: { tag: 'internal-error', val: error instanceof Error ? error.message : String(error) } };
    }
    if (!('response' in result)) return this.#post({ ticket, result });
    const { status, headers, body } = result.response;
    const head: WireResult = { response: { status, headers } };
    if (body instanceof Uint8Array) return this.#post({ ticket, result: head, body: { bytes: body, end: true } });
    if (this.#closed) return body.cancel();
    this.#post({ ticket, result: head, body: takeUpdate(body.queue) });
    if (body.queue.done) return;
    this.#streaming.set(ticket, body);
    body.queue.onChange(() => {
      this.#post({ ticket, body: takeUpdate(body.queue) });
      if (body.queue.done) this.#streaming.delete(ticket);
    });
  }

  /** The guest read `bytes` more of `ticket`'s response body. */
  consumed(ticket: number, bytes: number): void {
    this.#streaming.get(ticket)?.consumed(bytes);
  }

  /** The request is over: bodies still arriving are abandoned, later answers dropped. */
  close(): void {
    this.#closed = true;
    for (const body of this.#streaming.values()) body.cancel();
    this.#streaming.clear();
  }

  #post(reply: OutboundReply): void {
    if (this.#closed) return;
    this.#replies.postMessage(reply);
    Atomics.add(this.#signal, 0, 1);
    Atomics.notify(this.#signal, 0);
  }
}

/** Everything that happened to `queue` since the last update: its bytes (copied out of undici's larger buffers), end or error. */
function takeUpdate(queue: ByteQueue): BodyUpdate {
  const update: BodyUpdate = {};
  // Structured clone copies a view's whole backing buffer, so post exactly the bytes.
  if (queue.size > 0) update.bytes = new Uint8Array(queue.take());
  if (queue.error !== undefined) update.error = queue.error;
  else if (queue.done) update.end = true;
  return update;
}
