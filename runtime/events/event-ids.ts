import { randomFillSync, randomUUID } from 'node:crypto';

// Event ids only need to be unique among the events a session or an export holds:
// a random per-process prefix and a counter, cheaper than a UUID per event.
const EVENT_ID_PREFIX = randomUUID().slice(0, 8);
let eventCount = 0;

/** A fresh event id, e.g. `3f2a9c1e-1k`. */
export function newEventId(): string {
  eventCount += 1;
  return `${EVENT_ID_PREFIX}-${eventCount.toString(36)}`;
}

// Random bytes for trace ids, drawn 256 ids at a time: one `randomFillSync` per refill
// rather than a syscall per id (`randomBytes` per request cost 15% of a dispatched GET).
const TRACE_ID_BYTES = 16;
const traceIdPool = Buffer.alloc(TRACE_ID_BYTES * 256);
let traceIdOffset = traceIdPool.length;

/**
 * A fresh trace id: 32 lower-case hex digits, the W3C trace-context form, so it can be
 * sent on as `traceparent`.
 */
export function newTraceId(): string {
  if (traceIdOffset === traceIdPool.length) {
    randomFillSync(traceIdPool);
    traceIdOffset = 0;
  }
  const id = traceIdPool.toString('hex', traceIdOffset, traceIdOffset + TRACE_ID_BYTES);
  traceIdOffset += TRACE_ID_BYTES;
  return id;
}
