/**
 * Worker side: the guest's response on its way to the main thread. Parts are held
 * until the guest blocks (or returns), so a guest that answers in one go costs one
 * message, and one that writes, waits and writes again is seen as it goes.
 */
import { concatBytes } from '../http/index.js';
import type { ResponsePart } from './worker-protocol.js';

/** The response of the request being served, collected between flushes. */
export class ResponseParts {
  #head: ResponsePart['head'];
  #chunks: Uint8Array[] = [];
  #aborted = false;

  /** The status and headers, at the moment the guest set its response; `bodyless` if it never took the body. */
  head(status: number, headers: [string, string][], bodyless: boolean): void {
    this.#head = bodyless ? { status, headers, bodyless } : { status, headers };
  }

  /** The guest dropped the body unfinished. */
  abort(): void {
    this.#aborted = true;
  }

  /** Body bytes the guest wrote (already copied out of its memory). */
  body(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
  }

  /** Whether anything is waiting to be sent. */
  get pending(): boolean {
    return this.#head !== undefined || this.#chunks.length > 0 || this.#aborted;
  }

  /** Everything collected since the last call. */
  take(): ResponsePart {
    const part: ResponsePart = {};
    if (this.#head !== undefined) part.head = this.#head;
    if (this.#chunks.length > 0) part.bytes = concatBytes(this.#chunks.splice(0));
    if (this.#aborted) part.aborted = true;
    this.#head = undefined;
    this.#aborted = false;
    return part;
  }
}
