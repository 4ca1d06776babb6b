/**
 * A body read from a stream while the guest takes it, paced by its reads: past a
 * high-water mark of bytes it has not read, reading stops (so the sender is held back,
 * by TCP for a socket) until it catches up. When the guest is done with the body, the
 * rest is read and dropped, so a sender still writing it is not left hanging.
 */
import { BACKLOG_PAUSE_AT, BACKLOG_RESUME_AT } from './backlog-marks.js';
import { ByteQueue } from './byte-queue.js';
import type { StreamingBody } from './message.js';

/** Reads `source` into a body the guest can read as it arrives. */
export function pacedBody(source: AsyncIterable<Uint8Array>): StreamingBody {
  const queue = new ByteQueue();
  let unread = 0;
  let cancelled = false;
  let resume: (() => void) | undefined;
  const flow = (): void => {
    resume?.();
    resume = undefined;
  };
  const read = async (): Promise<void> => {
    for await (const chunk of source) {
      if (cancelled) continue;
      unread += chunk.byteLength;
      queue.push(chunk);
      if (unread >= BACKLOG_PAUSE_AT) await new Promise<void>((resolve) => (resume = resolve));
    }
    queue.end();
  };
  // A sender that goes away mid-body leaves it cut short, as a dropped connection does.
  read().catch(() => queue.fail({ tag: 'connection-terminated' }));
  return {
    queue,
    taken(bytes) {
      unread -= bytes;
      if (unread <= BACKLOG_RESUME_AT) flow();
    },
    cancel() {
      cancelled = true;
      flow();
    },
  };
}
