/**
 * Main-thread side of one request on a guest worker: the response as its parts
 * arrive (head first, then body bytes) and how the request ends.
 */
import { ByteQueue, type Response } from '../http/index.js';
import { EngineError } from './engine-error.js';
import type { GuestCall } from './guest-call.js';
import { GuestTrap } from './guest-trap.js';
import type { MainChannel } from './worker-channel.js';
import { OpenRequestBodies } from './open-request-bodies.js';
import type { GuestFinish, ResponsePart } from './worker-protocol.js';

/** A guest's response from its head on: the body fills while the guest writes it. */
export interface GuestResponse extends Response<ByteQueue> {
  /**
   * Ends when the guest finishes; fails (`internal-error`) if it traps or times out after its
   * head, or (`HTTP-protocol-error`) if it drops the body unfinished.
   */
  readonly body: ByteQueue;
  /** Set when the guest never took the body: the response has none (wasmtime's `Empty` body). */
  readonly bodyless?: true;
  /** What the guest printed and how long serving it took, once it has finished; rejects as the body fails. */
  readonly finished: Promise<GuestFinish>;
}

/** One request in flight on a worker. */
export class GuestExchange {
  /** What the request brought: where its outbound requests and host calls go. */
  readonly call: GuestCall;
  /** The main thread's end of the worker channel, for this request. */
  readonly channel: MainChannel;
  /** The bodies of its outbound requests that the guest is still writing. */
  readonly requestBodies: OpenRequestBodies;
  /** Settles with the response's head, or rejects if the guest fails before one. */
  readonly response: Promise<GuestResponse>;
  readonly #finished: Promise<GuestFinish>;
  #respond!: (response: GuestResponse) => void;
  #refuse!: (error: Error) => void;
  #finish!: (finish: GuestFinish) => void;
  #abort!: (error: Error) => void;
  #body: ByteQueue | undefined;
  #aborted = false;
  readonly #responseTicket: number;
  #timer: NodeJS.Timeout | undefined;

  /** What the client takes of the response body is reported to the guest under `responseTicket`. */
  constructor(call: GuestCall, channel: MainChannel, responseTicket: number) {
    this.call = call;
    this.channel = channel;
    this.#responseTicket = responseTicket;
    this.requestBodies = new OpenRequestBodies((ticket, bytes) => channel.tellTaken(ticket, bytes));
    this.response = new Promise((resolve, reject) => ((this.#respond = resolve), (this.#refuse = reject)));
    this.#finished = new Promise((resolve, reject) => ((this.#finish = resolve), (this.#abort = reject)));
    // Whoever holds the response awaits `finished`; before the head, nobody does yet.
    this.#finished.catch(() => undefined);
  }

  /** Fails the request with `onTimeout()`'s error if it is still running after `ms`. */
  startTimer(ms: number, onTimeout: () => Error): void {
    this.#timer = setTimeout(() => this.fail(onTimeout()), ms);
  }

  /** More of the response. */
  receive(part: ResponsePart): void {
    if (part.head !== undefined && this.#body === undefined) {
      this.#body = new ByteQueue((bytes) => this.channel.tellTaken(this.#responseTicket, bytes));
      this.#respond({ ...part.head, body: this.#body, finished: this.#finished });
    }
    if (part.bytes !== undefined) this.#body?.push(part.bytes);
    if (part.aborted === true) {
      this.#aborted = true;
      this.#body?.fail({ tag: 'HTTP-protocol-error' });
    }
  }

  /** The guest returned, with the last of its response. */
  complete(part: ResponsePart, finish: GuestFinish): void {
    this.receive(part);
    if (this.#body === undefined) return this.fail(new EngineError('the guest worker finished without a response head'));
    if (this.#aborted) return this.fail(new GuestTrap('the guest dropped its response body without finishing it, so the response was cut off', { stderr: finish.stderr }));
    this.#settle();
    this.#body.end();
    this.#finish(finish);
  }

  /** The guest trapped, timed out or its worker died. */
  fail(error: Error): void {
    this.#settle();
    this.#body?.fail({ tag: 'internal-error', val: error.message });
    this.#refuse(error);
    this.#abort(error);
  }

  #settle(): void {
    clearTimeout(this.#timer);
    this.channel.close();
    this.requestBodies.close();
  }
}
