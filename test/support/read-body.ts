import { concatBytes, type HttpErrorCode, type StreamingBody } from '../../runtime/host/http-message.js';

/** A response body that failed while it was being read, with the error a guest would see. */
export class BodyFailedError extends Error {
  constructor(readonly errorCode: HttpErrorCode) {
    super(`the body failed: ${errorCode.tag}`);
  }
}

/** The whole of an outbound response body, read as the guest's host does (reporting what it takes, so a paused upstream resumes). */
export async function readBody(body: Uint8Array | StreamingBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { queue } = body;
    if (queue.size > 0) {
      const chunk = queue.take();
      chunks.push(chunk);
      body.consumed(chunk.byteLength);
    } else if (queue.error !== undefined) {
      throw new BodyFailedError(queue.error);
    } else if (queue.done) {
      return chunks.length === 0 ? new Uint8Array() : concatBytes(chunks);
    } else {
      await new Promise<void>((resolve) => queue.onChange(resolve));
    }
  }
}
