/**
 * How far ahead of its reader a guest may write a body, as wasmtime bounds it: past a
 * high-water mark of bytes written and not yet taken, `check-write` says 0 and the
 * stream's pollable waits until the reader has caught up to a low-water mark.
 */
import { BACKLOG_PAUSE_AT, BACKLOG_RESUME_AT } from '../http/index.js';
import type { WaitForActivity, WriteRoom } from './wasi-io.js';

/** A body on its way to a reader: sends what the guest writes and counts it against what the reader has taken. */
export class WriteWindow implements WriteRoom {
  readonly #send: (bytes: Uint8Array) => void;
  readonly #taken: () => number;
  readonly #wait: WaitForActivity;
  #written: number;
  #paused = false;

  /**
   * `taken` reports the bytes the reader has taken so far; `wait` blocks until that may
   * have changed; `sentBefore` counts bytes of the body that went on another way first.
   */
  constructor(send: (bytes: Uint8Array) => void, taken: () => number, wait: WaitForActivity, sentBefore = 0) {
    this.#send = send;
    this.#taken = taken;
    this.#wait = wait;
    this.#written = sentBefore;
  }

  /** Sends `bytes` on (already copied out of the guest's memory). */
  write(bytes: Uint8Array): void {
    this.#written += bytes.byteLength;
    this.#send(bytes);
  }

  available(): number {
    const backlog = this.#written - this.#taken();
    if (backlog >= BACKLOG_PAUSE_AT) this.#paused = true;
    else if (backlog <= BACKLOG_RESUME_AT) this.#paused = false;
    return this.#paused ? 0 : BACKLOG_PAUSE_AT - backlog;
  }

  wait(): void {
    this.#wait();
  }
}
