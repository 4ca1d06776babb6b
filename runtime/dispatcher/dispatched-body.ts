/**
 * A response body as undici delivers it, handed to a guest while it arrives. The
 * guest's reading paces the upstream: past a high-water mark of bytes it has not yet
 * read, the dispatch is paused until it catches up.
 */
import type { Dispatcher } from 'undici';
import { BACKLOG_PAUSE_AT, BACKLOG_RESUME_AT, ByteQueue, type StreamingBody } from '../http/index.js';
import { ResponseBodyAbandonedError } from './outbound-errors.js';

/** The body of one dispatched response, on its way to the guest. */
export class DispatchedBody implements StreamingBody {
  readonly queue = new ByteQueue();
  readonly #controller: Dispatcher.DispatchController;
  #received = 0;
  #unread = 0;
  #paused = false;

  constructor(controller: Dispatcher.DispatchController) {
    this.#controller = controller;
  }

  /** A chunk from undici. */
  receive(chunk: Uint8Array): void {
    this.#received += chunk.byteLength;
    this.#unread += chunk.byteLength;
    this.queue.push(chunk);
    if (!this.#paused && this.#unread >= BACKLOG_PAUSE_AT) {
      this.#paused = true;
      this.#controller.pause();
    }
  }

  taken(bytes: number): void {
    this.#unread -= bytes;
    if (this.#paused && this.#unread <= BACKLOG_RESUME_AT) {
      this.#paused = false;
      this.#controller.resume();
    }
  }

  cancel(): void {
    if (!this.queue.done) this.#controller.abort(new ResponseBodyAbandonedError(this.#received));
  }
}
