/**
 * One guest worker thread, seen from the main thread: starts it, runs one
 * request on it at a time (the pool sees to that), enforces the timeout,
 * serves its outbound requests, and replaces it after a trap or a timeout.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { SerializedError } from '../errors/spinscope-error.js';
import type { HttpRequestData } from '../host/http-message.js';
import { EngineError } from './engine-error.js';
import { GuestTimeout } from './guest-timeout.js';
import { GuestTrap } from './guest-trap.js';
import type { PerformOutbound } from '../host/http-message.js';
import { OutboundAnswers } from './outbound-bridge.js';
import type { GuestResponse, WorkerInit, WorkerMessage } from './worker-protocol.js';

/** What a slot needs to start workers. */
export interface WorkerSlotOptions<Context> {
  workerScript: URL;
  gluePath: string;
  modules: Record<string, WebAssembly.Module>;
  timeoutMs: number;
  performOutbound: PerformOutbound<Context>;
  variables: ReadonlyMap<string, string>;
}

interface Pending<Context> {
  resolve: (response: GuestResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Handed to `performOutbound` with each outbound request the guest makes. */
  context: Context;
  /** Where this request's outbound results go. */
  answers: OutboundAnswers;
}

/** A worker that is (or will shortly be) ready for the next request. */
interface Running<Context> {
  worker: Worker;
  ready: Promise<void>;
  replies: MessagePort;
  signal: Int32Array;
  pending: Pending<Context> | undefined;
}

/** Runs requests on one guest worker, one at a time. */
export class WorkerSlot<Context> {
  readonly #options: WorkerSlotOptions<Context>;
  #running: Running<Context>;
  #closed = false;

  private constructor(options: WorkerSlotOptions<Context>) {
    this.#options = options;
    this.#running = this.#start();
  }

  /** Starts a worker and waits until its first instance exists (so load errors surface here). */
  static async start<Context>(options: WorkerSlotOptions<Context>): Promise<WorkerSlot<Context>> {
    const slot = new WorkerSlot(options);
    try {
      await slot.#running.ready;
    } catch (error) {
      await slot.close();
      throw error;
    }
    return slot;
  }

  /** Handles one request on a fresh instance. The caller must not start another until this settles. */
  async handle(request: HttpRequestData, context: Context): Promise<GuestResponse> {
    if (this.#closed) throw new EngineError('the engine is closed');
    const running = this.#running;
    await running.ready;
    if (this.#closed) throw new EngineError('the engine is closed');
    return new Promise<GuestResponse>((resolve, reject) => {
      const answers = new OutboundAnswers(running.replies, running.signal);
      const timer = setTimeout(() => {
        running.pending = undefined;
        answers.close();
        reject(new GuestTimeout(this.#options.timeoutMs));
        this.#replace(running);
      }, this.#options.timeoutMs);
      running.pending = { resolve, reject, timer, context, answers };
      running.worker.postMessage({ type: 'handle', request });
    });
  }

  /** Terminates the worker; later requests are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#running.replies.close();
    await this.#running.worker.terminate();
  }

  #start(): Running<Context> {
    const { port1: replies, port2: workerReplies } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const init: WorkerInit = {
      gluePath: this.#options.gluePath,
      modules: this.#options.modules,
      outboundReplies: workerReplies,
      outboundSignal: signal,
      variables: this.#options.variables,
    };
    const worker = new Worker(this.#options.workerScript, { workerData: init, transferList: [workerReplies] });
    const running: Running<Context> = { worker, replies, signal, pending: undefined, ready: Promise.resolve() };
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

  #onMessage(running: Running<Context>, message: WorkerMessage): void {
    // Messages arrive in order, so a request's outbound calls and reads come before its
    // response; without a pending request the guest has timed out and its worker is going away.
    const pending = running.pending;
    if (pending === undefined) return;
    if (message.type === 'outbound') {
      void pending.answers.answer(message.ticket, this.#options.performOutbound(message.request, pending.context));
      return;
    }
    if (message.type === 'outbound-read') {
      pending.answers.consumed(message.ticket, message.bytes);
      return;
    }
    running.pending = undefined;
    clearTimeout(pending.timer);
    pending.answers.close();
    if (message.type === 'response') {
      pending.resolve(message.response);
    } else if (message.type === 'trap') {
      pending.reject(new GuestTrap(message.message, { stderr: message.stderr }));
      this.#replace(running);
    }
  }

  #onExit(running: Running<Context>, rejectReady: (error: Error) => void, error: EngineError): void {
    rejectReady(error);
    const pending = running.pending;
    if (pending !== undefined) {
      running.pending = undefined;
      clearTimeout(pending.timer);
      pending.answers.close();
      pending.reject(error);
    }
    if (running === this.#running && !this.#closed) this.#replace(running);
  }

  /** Swaps in a fresh worker; the old one is terminated (a stuck guest cannot be interrupted otherwise). */
  #replace(old: Running<Context>): void {
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
