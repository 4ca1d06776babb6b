import { Readable } from 'node:stream';
import type { CapturedBody } from '../api/events.js';

/** The default capture limit for recorded bodies: 1 MiB. */
export const DEFAULT_BODY_CAPTURE_LIMIT = 1024 * 1024;

/** Keeps the first `limit` bytes of a body that streams past, and counts all of it. */
export class BodyCapture {
  readonly #limit: number;
  readonly #chunks: Uint8Array[] = [];
  #captured = 0;
  #size = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Notes one chunk; copies only what fits under the limit, never changes the chunk. */
  add(chunk: Uint8Array): void {
    this.#size += chunk.byteLength;
    const room = this.#limit - this.#captured;
    if (room <= 0) return;
    const kept = chunk.byteLength <= room ? chunk : chunk.subarray(0, room);
    // Copied, because undici may reuse the chunk's memory once the hook returns.
    this.#chunks.push(new Uint8Array(kept));
    this.#captured += kept.byteLength;
  }

  /** `body` passed on as a stream of the same chunks, each noted as it goes by. */
  observe(body: AsyncIterable<Uint8Array>): Readable {
    const noted = async function* (capture: BodyCapture): AsyncGenerator<Uint8Array> {
      for await (const chunk of body) {
        capture.add(chunk);
        yield chunk;
      }
    };
    return Readable.from(noted(this), { objectMode: false });
  }

  /** The capture so far. */
  result(): CapturedBody {
    if (this.#chunks.length === 1) return { captured: this.#chunks[0]!, size: this.#size, truncated: this.#size > this.#captured };
    const captured = new Uint8Array(this.#captured);
    let offset = 0;
    for (const chunk of this.#chunks) {
      captured.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { captured, size: this.#size, truncated: this.#size > this.#captured };
  }

  /**
   * A capture of a whole body already in hand. A body within the limit is shared, not
   * copied, so the caller must not change it afterwards; a longer one is copied, so the
   * event never keeps the rest of it alive.
   */
  static of(body: Uint8Array, limit: number): CapturedBody {
    if (body.byteLength <= limit) return { captured: body, size: body.byteLength, truncated: false };
    return { captured: body.slice(0, limit), size: body.byteLength, truncated: true };
  }
}
