import { ResponseBodyFailedError } from '../../runtime/dispatcher/index.js';
import { concatBytes, type StreamingBody } from '../../runtime/http/index.js';

/**
 * The whole of an outbound response body, read as the guest's host reads it: taking
 * what has arrived and saying it was taken, so a paused upstream resumes.
 */
export async function readBody(body: Uint8Array | StreamingBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body.queue.chunks()) {
    chunks.push(chunk);
    body.taken(chunk.byteLength);
  }
  if (body.queue.error !== undefined) throw new ResponseBodyFailedError(body.queue.error);
  return chunks.length === 0 ? new Uint8Array() : concatBytes(chunks);
}
