/**
 * One pair of marks for every body that streams, whichever side is slow: past
 * `BACKLOG_PAUSE_AT` bytes its reader has not yet taken, the writer (an upstream, a client,
 * or the guest) is held back, until the backlog falls to `BACKLOG_RESUME_AT`.
 */
export const BACKLOG_PAUSE_AT = 1 << 20;
export const BACKLOG_RESUME_AT = 256 << 10;
