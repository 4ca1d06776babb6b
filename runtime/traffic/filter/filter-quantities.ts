/**
 * Sizes and durations as a filter value says them. Sizes count in 1024s, as the Size
 * column shows them (`1k` is 1 KiB); a bare number is bytes or milliseconds.
 */

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };
const DURATION_UNITS: Readonly<Record<string, number>> = { '': 1, ms: 1, s: 1000, m: 60_000, min: 60_000 };

/** Bytes in `value` (`512`, `1k`, `2.5M`, `10KiB`), or undefined when it is no size. */
export function parseSize(value: string): number | undefined {
  return parseQuantity(value, SIZE_UNITS);
}

/** Milliseconds in `value` (`250`, `250ms`, `1.5s`, `2m`), or undefined when it is no duration. */
export function parseDuration(value: string): number | undefined {
  return parseQuantity(value, DURATION_UNITS);
}

function parseQuantity(value: string, units: Readonly<Record<string, number>>): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(value.trim());
  if (match === null) return undefined;
  const unit = units[(match[2] ?? '').toLowerCase()];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}
