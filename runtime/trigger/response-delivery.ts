/**
 * Watches one response go out to its client, counting the body bytes the connection
 * takes, and tells whoever produced it how it went (`Response.onDelivered`).
 */
import type { ServerResponse } from 'node:http';
import type { ClientAbort } from '../api/events.js';

/** The delivery of one response on its `ServerResponse`. */
export class ResponseDelivery {
  readonly #res: ServerResponse;
  readonly #report: ((abort: ClientAbort | undefined) => void) | undefined;
  #sent = 0;
  #closedByServer = false;
  #reported = false;

  constructor(res: ServerResponse, report: ((abort: ClientAbort | undefined) => void) | undefined) {
    this.#res = res;
    this.#report = report;
    // The client may have gone while the component was still working on its answer.
    if (res.closed) queueMicrotask(() => this.#closed());
    res.once('finish', () => this.#settle(undefined));
    res.once('close', () => this.#closed());
  }

  /** Whether the connection has closed, so nothing written reaches the client any more. */
  get closed(): boolean {
    return this.#res.closed;
  }

  /** Writes body bytes; they count as sent once the connection has taken them (the write's callback). */
  write(chunk: Uint8Array): void {
    this.#res.write(chunk, (error) => {
      if (error === null || error === undefined) this.#sent += chunk.byteLength;
    });
  }

  /** The listener is closing the connection itself (the component failed partway): that is no client abort. */
  closeByServer(): void {
    this.#closedByServer = true;
  }

  #closed(): void {
    if (this.#res.writableFinished || this.#closedByServer) this.#settle(undefined);
    else this.#settle({ bytesSent: this.#sent });
  }

  #settle(abort: ClientAbort | undefined): void {
    if (this.#reported) return;
    this.#reported = true;
    this.#report?.(abort);
  }
}
