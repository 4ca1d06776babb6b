/**
 * One guest worker thread, seen from the main thread: starts it, runs one
 * request on it at a time (the pool sees to that), enforces the timeout,
 * serves its outbound requests, and replaces it after a trap or a timeout.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { SerializedError } from '../errors/spinscope-error.js';
import type { Request, StreamingBody } from '../http/index.js';
import type { MountedFiles } from '../host/index.js';
import { EngineError } from './engine-error.js';
import { GuestTimeout } from './guest-timeout.js';
import { GuestTrap } from './guest-trap.js';
import { MainChannel } from './worker-channel.js';
import type { GuestCall } from './guest-call.js';
import type { HandleMessage, StoreLayoutData, WorkerInit, WorkerMessage } from './worker-protocol.js';
import { GuestExchange, type GuestResponse } from './guest-exchange.js';
import type { MemoryShape } from './import-memories.js';

/** What a slot needs to start workers. */
export interface WorkerSlotOptions {
  workerScript: URL;
  gluePath: string;
  modules: Record<string, WebAssembly.Module>;
  memories: Record<string, MemoryShape[]>;
  timeoutMs: number;
  variables: ReadonlyMap<string, string>;
  imports: readonly string[];
  stores: StoreLayoutData;
  files?: MountedFiles | undefined;
  environment: readonly (readonly [string, string])[];
}

/** A worker that is (or will shortly be) ready for the next request. */
interface Running {
  worker: Worker;
  ready: Promise<void>;
  replies: MessagePort;
  signal: Int32Array;
  pending: GuestExchange | undefined;
}

/** Runs requests on one guest worker, one at a time. */
export class WorkerSlot {
  readonly #options: WorkerSlotOptions;
  #running: Running;
  #closed = false;
  /** The last ticket chosen here (for an inbound request's body or its response); they count down so as not to meet outbound tickets. */
  #bodyTicket = 0;

  private constructor(options: WorkerSlotOptions) {
    this.#options = options;
    this.#running = this.#start();
  }

  /** Starts a worker and waits until its first instance exists (so load errors surface here). */
  static async start(options: WorkerSlotOptions): Promise<WorkerSlot> {
    const slot = new WorkerSlot(options);
    try {
      await slot.#running.ready;
    } catch (error) {
      await slot.close();
      throw error;
    }
    return slot;
  }

  /**
   * Runs one request on a fresh instance, with what `call` brings; settles with the
   * response's head, its body following. The caller must not start another until the
   * response's `finished` settles. `arrivedAt` (`sharedNow()`) is when the request reached
   * the engine, which its phases are measured from.
   */
  async stream(request: Request<Uint8Array | StreamingBody>, call: GuestCall, arrivedAt: number): Promise<GuestResponse> {
    if (this.#closed) throw new EngineError('the engine is closed');
    const running = this.#running;
    await running.ready;
    if (this.#closed) throw new EngineError('the engine is closed');
    const responseTicket = --this.#bodyTicket;
    const exchange = new GuestExchange(call, new MainChannel(running.replies, running.signal), responseTicket);
    exchange.startTimer(this.#options.timeoutMs, () => {
      running.pending = undefined;
      this.#replace(running);
      return new GuestTimeout(this.#options.timeoutMs);
    });
    running.pending = exchange;
    const { body, ...head } = request;
    if (body instanceof Uint8Array) {
      running.worker.postMessage({ type: 'handle', request: head, body, responseTicket, grants: call.grants, arrivedAt } satisfies HandleMessage);
    } else {
      const ticket = --this.#bodyTicket;
      running.worker.postMessage({ type: 'handle', request: head, body: { ticket }, responseTicket, grants: call.grants, arrivedAt } satisfies HandleMessage);
      exchange.channel.forward(ticket, body);
    }
    return exchange.response;
  }

  /** Terminates the worker; later requests are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#running.replies.close();
    await this.#running.worker.terminate();
  }

  #start(): Running {
    const { port1: replies, port2: workerReplies } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const init: WorkerInit = {
      gluePath: this.#options.gluePath,
      modules: this.#options.modules,
      memories: this.#options.memories,
      replies: workerReplies,
      signal: signal,
      variables: this.#options.variables,
      imports: this.#options.imports,
      stores: this.#options.stores,
      files: this.#options.files,
      environment: this.#options.environment,
    };
    const worker = new Worker(this.#options.workerScript, { workerData: init, transferList: [workerReplies] });
    const running: Running = { worker, replies, signal, pending: undefined, ready: Promise.resolve() };
    running.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'load-failed') reject(loadError(message.error));
        else this.#onMessage(running, message);
      });
      worker.on('error', (error) => this.#onExit(running, reject, new EngineError('the guest worker failed', { cause: error })));
      worker.on('exit', (code) => this.#onExit(running, reject, new EngineError(`the guest worker exited with code ${code}`)));
    });
    // A replacement worker's load failure surfaces on the next request, not as an unhandled rejection.
    running.ready.catch(() => undefined);
    return running;
  }

  #onMessage(running: Running, message: WorkerMessage): void {
    // Messages arrive in order, so a request's outbound calls, reads and response parts
    // come before its end; without a pending request the guest has timed out and its
    // worker is going away.
    const pending = running.pending;
    if (pending === undefined) return;
    switch (message.type) {
      case 'outbound': {
        const { request, ticket } = message;
        const open = message.bodyOpen === true;
        const body = open ? pending.requestBodies.open(ticket, request.body) : request.body;
        const outcome = pending.call.outbound({ ...request, body });
        void pending.channel.answer(ticket, outcome);
        if (open) pending.requestBodies.discardIfFailed(ticket, outcome);
        return;
      }
      case 'outbound-body':
        return pending.requestBodies.receive(message.ticket, message);
      case 'taken':
        return pending.channel.taken(message.ticket, message.bytes);
      case 'host-event':
        return pending.call.record(message.event);
      case 'address-check':
        return pending.channel.verdict(message.ticket, pending.call.checkAddress(message.check));
      case 'response-part':
        return pending.receive(message.part);
      case 'response':
        running.pending = undefined;
        return pending.complete(message.part, { ...message.output, phases: message.phases });
      case 'trap':
        running.pending = undefined;
        pending.fail(new GuestTrap(message.message, { stderr: message.stderr }));
        return this.#replace(running);
    }
  }

  #onExit(running: Running, rejectReady: (error: Error) => void, error: EngineError): void {
    rejectReady(error);
    const pending = running.pending;
    running.pending = undefined;
    pending?.fail(error);
    if (running === this.#running && !this.#closed) this.#replace(running);
  }

  /** Swaps in a fresh worker; the old one is terminated (a stuck guest cannot be interrupted otherwise). */
  #replace(old: Running): void {
    if (old !== this.#running || this.#closed) return;
    this.#running = this.#start();
    old.replies.close();
    void old.worker.terminate();
  }
}

/** Imports are checked before a worker starts, so what fails here is instantiation itself. */
function loadError(error: SerializedError | string): EngineError {
  const message = typeof error === 'string' ? error : error.message;
  return new EngineError(`the guest worker could not instantiate the component: ${message}`);
}
