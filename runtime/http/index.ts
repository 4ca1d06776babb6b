/** The HTTP vocabulary every layer shares: messages, bodies as they stream, their pace and their capture. */
export { BACKLOG_PAUSE_AT, BACKLOG_RESUME_AT } from './backlog-marks.js';
export { BodyCapture, DEFAULT_BODY_CAPTURE_LIMIT } from './body-capture.js';
export { ByteQueue } from './byte-queue.js';
export * from './message.js';
export { pacedBody } from './paced-body.js';
