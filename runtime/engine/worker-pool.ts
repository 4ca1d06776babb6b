/**
 * A component's guest workers: one request per worker at a time, more workers
 * started on demand up to a limit, so concurrent requests (and a component
 * chaining to itself) run in parallel instead of queueing behind each other.
 */
import type { Request, StreamingBody } from '../http/index.js';
import { EngineError } from './engine-error.js';
import { sharedNow } from './shared-clock.js';
import type { GuestCall } from './guest-call.js';
import type { GuestResponse } from './guest-exchange.js';
import { WorkerSlot, type WorkerSlotOptions } from './worker-slot.js';

interface Waiter {
  resolve: (slot: WorkerSlot) => void;
  reject: (error: Error) => void;
}

/** Hands requests to idle workers, starting workers while under `maxWorkers`. */
export class WorkerPool {
  readonly #options: WorkerSlotOptions;
  readonly #maxWorkers: number;
  readonly #slots: WorkerSlot[] = [];
  readonly #idle: WorkerSlot[] = [];
  /** Requests waiting for a worker, oldest first. */
  readonly #waiting: Waiter[] = [];
  #starting = 0;
  #closed = false;

  private constructor(options: WorkerSlotOptions, maxWorkers: number) {
    this.#options = options;
    this.#maxWorkers = maxWorkers;
  }

  /** Starts the first worker, so a component that cannot load fails here. */
  static async start(options: WorkerSlotOptions, maxWorkers: number): Promise<WorkerPool> {
    const pool = new WorkerPool(options, maxWorkers);
    pool.#release(await pool.#startSlot());
    return pool;
  }

  /** Runs one request on a fresh instance in whichever worker is free first; the worker is busy until the response is finished. */
  async stream(request: Request<Uint8Array | StreamingBody>, call: GuestCall): Promise<GuestResponse> {
    const arrivedAt = sharedNow();
    const slot = await this.#acquire();
    let response: GuestResponse;
    try {
      response = await slot.stream(request, call, arrivedAt);
    } catch (error) {
      this.#release(slot);
      throw error;
    }
    const release = (): void => this.#release(slot);
    response.finished.then(release, release);
    return response;
  }

  /** Terminates every worker; waiting and later requests are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new EngineError('the engine is closed'));
    await Promise.all(this.#slots.map((slot) => slot.close()));
  }

  async #acquire(): Promise<WorkerSlot> {
    if (this.#closed) throw new EngineError('the engine is closed');
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    const waited = new Promise<WorkerSlot>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    if (this.#slots.length + this.#starting < this.#maxWorkers) {
      // The new worker (or its failure) goes to whoever has waited longest.
      this.#startSlot().then(
        (slot) => this.#release(slot),
        (error: unknown) => this.#waiting.shift()?.reject(error instanceof Error ? error : new EngineError(String(error))),
      );
    }
    return waited;
  }

  #release(slot: WorkerSlot): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next.resolve(slot);
    else this.#idle.push(slot);
  }

  async #startSlot(): Promise<WorkerSlot> {
    this.#starting++;
    try {
      const slot = await WorkerSlot.start(this.#options);
      if (this.#closed) {
        await slot.close();
        throw new EngineError('the engine is closed');
      }
      this.#slots.push(slot);
      return slot;
    } finally {
      this.#starting--;
    }
  }
}
