/**
 * A guest's request body as undici sends it: nothing, its bytes, or a stream of what
 * the guest writes while the request is already under way.
 */
import { Readable } from 'node:stream';
import type { ByteQueue } from '../http/index.js';
import { RequestBodyAbandonedError } from './outbound-errors.js';

/** The dispatch `body` for a guest's request body. */
export function dispatchBody(body: Uint8Array | ByteQueue): Uint8Array | Readable | null {
  if (body instanceof Uint8Array) return body.byteLength === 0 ? null : body;
  return Readable.from(chunksOf(body), { objectMode: false });
}

/**
 * The queue's chunks as undici asks for them; a body the guest abandoned fails the request.
 * If undici stops asking (the request failed), the rest is dropped so the guest is not held back.
 */
async function* chunksOf(queue: ByteQueue): AsyncGenerator<Uint8Array> {
  let sent = 0;
  try {
    for await (const chunk of queue.chunks()) {
      sent += chunk.byteLength;
      yield chunk;
    }
  } finally {
    queue.discard();
  }
  if (queue.error !== undefined) throw new RequestBodyAbandonedError(sent);
}
