/**
 * Milliseconds that every thread of the process reads alike, so a time taken on the main
 * thread can be compared with one taken in a guest worker. `performance.now()` counts from
 * each thread's own start; `process.hrtime` reads the system's monotonic clock, the same for
 * every thread. Each thread reads the cheap one, shifted once (at load) onto the other.
 */
const OFFSET = Number(process.hrtime.bigint()) / 1e6 - performance.now();

/** Now, in milliseconds on the process-wide monotonic clock. */
export function sharedNow(): number {
  return performance.now() + OFFSET;
}
