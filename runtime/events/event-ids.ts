import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh event id. */
export function newEventId(): string {
  return randomUUID();
}

/** A fresh trace id: 32 lower-case hex digits, the W3C trace-context form, so it can be sent on as `traceparent`. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}
