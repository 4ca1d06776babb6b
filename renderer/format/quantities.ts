/** Bytes as B, KiB or MiB, e.g. `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Milliseconds as `12 ms` or `1.25 s`; a fraction of one as `0.4 ms`. */
export function formatDuration(ms: number): string {
  // Host calls take fractions of a millisecond; HTTP timings are whole milliseconds.
  if (ms > 0 && ms < 1) return ms < 0.1 ? '<0.1 ms' : `${ms.toFixed(1)} ms`;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** An epoch time as local wall-clock time with milliseconds, e.g. `14:03:07.125`. */
export function formatClock(time: number): string {
  const date = new Date(time);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
