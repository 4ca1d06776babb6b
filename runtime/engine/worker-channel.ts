/**
 * The channel between the main thread and a guest worker, both of its ends: the guest's
 * outbound HTTP requests and their results, the bodies arriving for the guest (its
 * outbound responses', and its own request's), what the readers on either side took of
 * each body, and the verdicts on the addresses its network interfaces check.
 *
 * The worker posts each request with a ticket and carries on; the main thread runs the
 * request's `PerformOutbound` (where the policy check and undici live), posts the result
 * with its ticket on a dedicated port, then the response body as it arrives, bumping a
 * shared counter each time. A guest that waits blocks in `Atomics.wait` on that counter
 * and takes what arrived with `receiveMessageOnPort`. The guest tells what it takes, so a
 * body it takes slowly pauses the upstream instead of piling up. The inbound request's
 * body, when it is still arriving, comes the same way under a ticket of its own.
 *
 * A request body the guest is still writing goes out in parts, like its response: what it
 * wrote is held until its thread blocks, or until it closes the body. The main thread
 * tells, under the body's ticket, each time the reader takes some of such a body (or of
 * the guest's response), so a slow reader holds the guest back.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ByteQueue, concatBytes, type OutboundResult, type Response, type ResponseHead, type StreamingBody } from '../http/index.js';
import type { AddressCheck, AddressVerdict, BodyClose, OutboundLink, SentRequest } from '../host/index.js';
import type { BodyUpdate, ChannelReply, WorkerMessage } from './worker-protocol.js';

/** The worker's end: the guest host's link to the main thread. */
export class WorkerChannel implements OutboundLink {
  readonly #post: (message: WorkerMessage) => void;
  readonly #replies: MessagePort;
  readonly #signal: Int32Array;
  readonly #arrived = new Map<number, OutboundResult<Response<ByteQueue>>>();
  /** Bodies still arriving, by ticket. */
  readonly #bodies = new Map<number, ByteQueue>();
  /** Tickets of the instance serving now; replies to an earlier instance's requests are dropped. */
  readonly #live = new Set<number>();
  /** What the guest wrote to its open request bodies since they were last sent on, by ticket. */
  readonly #written = new Map<number, Uint8Array[]>();
  /** Bytes the readers of the bodies the guest writes have taken, by ticket. */
  readonly #taken = new Map<number, number>();
  /** Address verdicts that arrived, by ticket. */
  readonly #verdicts = new Map<number, AddressVerdict>();
  #beforeBlocking: (() => void)[] = [];
  readonly #beforeWait: () => void;
  #nextTicket = 1;

  /** `beforeWait` runs each time the guest's thread is about to block. */
  constructor(post: (message: WorkerMessage) => void, replies: MessagePort, signal: Int32Array, beforeWait: () => void = () => undefined) {
    this.#post = post;
    this.#replies = replies;
    this.#signal = signal;
    this.#beforeWait = beforeWait;
  }

  send(request: SentRequest, bodyOpen = false): number {
    const ticket = this.#nextTicket++;
    this.#live.add(ticket);
    this.#post({ type: 'outbound', ticket, request, ...(bodyOpen ? { bodyOpen: true as const } : {}) });
    return ticket;
  }

  writeBody(ticket: number, bytes: Uint8Array): void {
    const written = this.#written.get(ticket);
    if (written === undefined) this.#written.set(ticket, [bytes]);
    else written.push(bytes);
  }

  taken(ticket: number): number {
    this.#drain();
    return this.#taken.get(ticket) ?? 0;
  }

  closeBody(ticket: number, how: BodyClose): void {
    this.#post({ type: 'outbound-body', ticket, ...this.#takeWritten(ticket), close: how });
  }

  /** Asks the main thread whether `allowed_outbound_hosts` lets `check`'s address through, and waits for the answer. */
  checkAddress(check: AddressCheck): AddressVerdict {
    const ticket = this.#nextTicket++;
    this.#live.add(ticket);
    this.#post({ type: 'address-check', ticket, check });
    for (;;) {
      this.#drain();
      const verdict = this.#verdicts.get(ticket);
      if (verdict !== undefined) {
        this.#verdicts.delete(ticket);
        this.#live.delete(ticket);
        return verdict;
      }
      this.waitForResults();
    }
  }

  beforeBlocking(callback: () => void): void {
    this.#beforeBlocking.push(callback);
  }

  takeResult(ticket: number): OutboundResult<Response<ByteQueue>> | undefined {
    this.#drain();
    const result = this.#arrived.get(ticket);
    if (result !== undefined) this.#arrived.delete(ticket);
    return result;
  }

  waitForResults(deadline?: bigint): void {
    const seen = Atomics.load(this.#signal, 0);
    if (this.#drain()) return;
    for (const callback of this.#beforeBlocking.splice(0)) callback();
    for (const ticket of [...this.#written.keys()]) this.#post({ type: 'outbound-body', ticket, ...this.#takeWritten(ticket) });
    this.#beforeWait();
    const timeoutMs = deadline === undefined ? undefined : Math.max(0, Math.ceil(Number(deadline - process.hrtime.bigint()) / 1e6));
    Atomics.wait(this.#signal, 0, seen, timeoutMs);
  }

  /** Forgets the previous instance's requests; called before each new request is served. */
  reset(): void {
    this.#live.clear();
    this.#arrived.clear();
    this.#bodies.clear();
    this.#written.clear();
    this.#taken.clear();
    this.#verdicts.clear();
    this.#beforeBlocking = [];
  }

  /** Accepts replies under `ticket`, which the main thread chose for the request being served (its body, its response). */
  follow(ticket: number): void {
    this.#live.add(ticket);
  }

  /** The body of the request being served, arriving under `ticket`. */
  incomingBody(ticket: number): ByteQueue {
    this.#live.add(ticket);
    return this.#arrivingBody(ticket);
  }

  #takeWritten(ticket: number): { bytes?: Uint8Array } {
    const written = this.#written.get(ticket);
    this.#written.delete(ticket);
    return written === undefined ? {} : { bytes: concatBytes(written) };
  }

  /** A body arriving under `ticket`: what the guest takes of it is told to the main thread, which paces the sender by it. */
  #arrivingBody(ticket: number): ByteQueue {
    // Once the whole body is here the main thread no longer needs to hear what is taken.
    const queue: ByteQueue = new ByteQueue((bytes) => (queue.done ? undefined : this.#post({ type: 'taken', ticket, bytes })));
    this.#bodies.set(ticket, queue);
    return queue;
  }

  /** Takes in waiting replies; true if any was for a live ticket. */
  #drain(): boolean {
    let any = false;
    for (let received = receiveMessageOnPort(this.#replies); received !== undefined; received = receiveMessageOnPort(this.#replies)) {
      const reply = received.message as ChannelReply;
      if (!this.#live.has(reply.ticket)) continue;
      if ('taken' in reply) this.#taken.set(reply.ticket, (this.#taken.get(reply.ticket) ?? 0) + reply.taken);
      else if ('verdict' in reply) this.#verdicts.set(reply.ticket, reply.verdict);
      else if ('result' in reply) this.#arrived.set(reply.ticket, this.#arrive(reply.ticket, reply.result));
      if ('body' in reply && reply.body !== undefined) this.#receiveBody(reply.ticket, reply.body);
      any = true;
    }
    return any;
  }

  #arrive(ticket: number, result: OutboundResult<ResponseHead>): OutboundResult<Response<ByteQueue>> {
    if (!('response' in result)) return result;
    return { response: { ...result.response, body: this.#arrivingBody(ticket) } };
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
 * The main thread's end, for one inbound request on one worker: answers its outbound
 * requests on the worker's port, forwards the bodies arriving for its guest (responses',
 * and its own request's) and, when the request is over, abandons those left unread.
 */
export class MainChannel {
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
    const head: OutboundResult<ResponseHead> = { response: { status, headers } };
    if (body instanceof Uint8Array) return this.#post({ ticket, result: head, body: { bytes: body, end: true } });
    if (this.#closed) return body.cancel();
    this.#post({ ticket, result: head, body: takeUpdate(body.queue) });
    this.#follow(ticket, body);
  }

  /** Sends `body` to the guest under `ticket` as it arrives. */
  forward(ticket: number, body: StreamingBody): void {
    if (this.#closed) return body.cancel();
    this.#post({ ticket, body: takeUpdate(body.queue) });
    this.#follow(ticket, body);
  }

  /** The guest took `bytes` more of the body under `ticket`. */
  taken(ticket: number, bytes: number): void {
    this.#streaming.get(ticket)?.taken(bytes);
  }

  /** Answers the guest's address check under `ticket`. */
  verdict(ticket: number, verdict: AddressVerdict): void {
    this.#post({ ticket, verdict });
  }

  /** Tells the guest that the reader of the body it writes under `ticket` took `bytes` more of it. */
  tellTaken(ticket: number, bytes: number): void {
    this.#post({ ticket, taken: bytes });
  }

  /** The request is over: bodies still arriving are abandoned, later answers dropped. */
  close(): void {
    this.#closed = true;
    for (const body of this.#streaming.values()) body.cancel();
    this.#streaming.clear();
  }

  #follow(ticket: number, body: StreamingBody): void {
    if (body.queue.done) return;
    this.#streaming.set(ticket, body);
    body.queue.onChange(() => {
      this.#post({ ticket, body: takeUpdate(body.queue) });
      if (body.queue.done) this.#streaming.delete(ticket);
    });
  }

  #post(reply: ChannelReply): void {
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
