/**
 * A body's bytes as they arrive, then its end or its failure. Both sides of the
 * worker boundary use one: the main thread collects what undici delivers and
 * forwards it; the guest's host keeps what has come over and reads it in order.
 */
import type { HttpErrorCode } from './message.js';

/** Bytes received and not yet taken, in order, then how the body ended. */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #ended = false;
  #error: HttpErrorCode | undefined;
  #onChange: (() => void) | undefined;
  readonly #onTaken: (bytes: number) => void;
  readonly #observers: ((chunk: Uint8Array) => void)[] = [];
  #discarding = false;

  /** `onTaken` hears how many bytes each take (or discard) removes: how a writer learns its reader's pace. */
  constructor(onTaken: (bytes: number) => void = () => undefined) {
    this.#onTaken = onTaken;
  }

  /** A queue already holding a whole body. */
  static complete(bytes: Uint8Array): ByteQueue {
    const queue = new ByteQueue();
    queue.push(bytes);
    queue.end();
    return queue;
  }

  /** Bytes waiting to be taken. */
  get size(): number {
    return this.#size;
  }

  /** Whether no more bytes will come (the body ended or failed). */
  get done(): boolean {
    return this.#ended || this.#error !== undefined;
  }

  /** Why the body failed, once it has. */
  get error(): HttpErrorCode | undefined {
    return this.#error;
  }

  /** Appends `chunk` unless the body is already done. */
  push(chunk: Uint8Array): void {
    if (this.done || chunk.byteLength === 0) return;
    for (const observe of this.#observers) observe(chunk);
    if (this.#discarding) return this.#onTaken(chunk.byteLength);
    this.#chunks.push(chunk);
    this.#size += chunk.byteLength;
    this.#onChange?.();
  }

  /** Marks the body complete. */
  end(): void {
    if (this.done) return;
    this.#ended = true;
    this.#onChange?.();
  }

  /** Marks the body failed with the error its reader will see. */
  fail(error: HttpErrorCode): void {
    if (this.done) return;
    this.#error = error;
    this.#onChange?.();
  }

  /** Removes and returns up to `max` bytes (all by default) in one buffer. */
  take(max = Infinity): Uint8Array {
    const taken = this.#takeUpTo(max);
    if (taken.byteLength > 0) this.#onTaken(taken.byteLength);
    return taken;
  }

  /** The reader is gone: drops what is queued and whatever is pushed later, as if taken, so the writer is not held back. */
  discard(): void {
    this.#discarding = true;
    this.take();
  }

  /** Shows `observe` each chunk still queued and every chunk pushed from now on. */
  observe(observe: (chunk: Uint8Array) => void): void {
    for (const chunk of this.#chunks) observe(chunk);
    this.#observers.push(observe);
  }

  #takeUpTo(max: number): Uint8Array {
    let wanted = Math.min(max, this.#size);
    if (wanted === this.#chunks[0]?.byteLength) return this.#shift();
    const taken = new Uint8Array(wanted);
    let offset = 0;
    while (wanted > 0) {
      const chunk = this.#chunks[0]!;
      if (chunk.byteLength <= wanted) {
        taken.set(this.#shift(), offset);
        offset += chunk.byteLength;
        wanted -= chunk.byteLength;
      } else {
        taken.set(chunk.subarray(0, wanted), offset);
        this.#chunks[0] = chunk.subarray(wanted);
        this.#size -= wanted;
        wanted = 0;
      }
    }
    return taken;
  }

  /**
   * Takes chunks of up to `max` bytes as they arrive, until the body is done; the
   * reader then checks `error` to tell an end from a failure. Uses the one listener.
   */
  async *chunks(max = Infinity): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      if (this.#size > 0) yield this.take(max);
      else if (this.done) return;
      else await new Promise<void>((resolve) => this.onChange(resolve));
    }
  }

  /** Calls `listener` after every push, end or failure (one listener; the latest wins). */
  onChange(listener: () => void): void {
    this.#onChange = listener;
  }

  #shift(): Uint8Array {
    const chunk = this.#chunks.shift()!;
    this.#size -= chunk.byteLength;
    return chunk;
  }
}
