/**
 * Worker side: the guest's response on its way to the main thread. Parts are held
 * until the guest blocks (or returns), so a guest that answers in one go costs one
 * message, and one that writes, waits and writes again is seen as it goes.
 */
import { concatBytes } from '../host/http-message.js';
import type { ResponsePart } from './worker-protocol.js';

/** The response of the request being served, collected between flushes. */
export class ResponseParts {
  #head: ResponsePart['head'];
  #chunks: Uint8Array[] = [];

  /** The status and headers, at the moment the guest set its response. */
  head(status: number, headers: [string, string][]): void {
    this.#head = { status, headers };
  }

  /** Body bytes the guest wrote (already copied out of its memory). */
  body(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
  }

  /** Whether anything is waiting to be sent. */
  get pending(): boolean {
    return this.#head !== undefined || this.#chunks.length > 0;
  }

  /** Everything collected since the last call. */
  take(): ResponsePart {
    const part: ResponsePart = {};
    if (this.#head !== undefined) part.head = this.#head;
    if (this.#chunks.length > 0) part.bytes = concatBytes(this.#chunks.splice(0));
    this.#head = undefined;
    return part;
  }
}
