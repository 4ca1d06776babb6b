import type { CapturedBody, SpinscopeEvent } from '../api/events.js';

/** What an event weighs in the store, in bytes. */
export interface EventSize {
  /** Everything: captured bytes plus the text of every other field (names included). */
  readonly bytes: number;
  /** The part a trace's cap may cut: captured bodies and values, SQLite blobs and result rows. */
  readonly captured: number;
}

/**
 * Weighs a value as the store counts it: a string by its length, bytes by their length,
 * a number as 8, object keys by their length. It is the data the event holds, close to
 * its JSON size with bodies unencoded; the JavaScript objects around it cost more, and
 * the trace count limit bounds that part.
 */
export function recordedBytes(value: unknown): number {
  const tally = { bytes: 0, captured: 0 };
  weigh(value, tally, false);
  return tally.bytes;
}

/** Weighs an event (see {@link recordedBytes}), telling apart the bytes a trace's cap may cut. */
export function eventSize(event: SpinscopeEvent): EventSize {
  const tally = { bytes: 0, captured: 0 };
  weigh(event, tally, false);
  return tally;
}

/**
 * A copy of `event` holding at most `allowance` captured bytes, in field order: a body
 * or value beyond it keeps its first bytes and is marked `truncated` (its `size` stays
 * the true size), and a SQLite result keeps its first rows that fit (`rowCount` stays the
 * true count). Everything else is kept as it is.
 */
export function trimCaptured(event: SpinscopeEvent, allowance: number): SpinscopeEvent {
  return trim(event, { left: Math.max(0, allowance) }) as SpinscopeEvent;
}

interface Tally {
  bytes: number;
  captured: number;
}

function weigh(value: unknown, tally: Tally, captured: boolean): void {
  let bytes = 0;
  if (typeof value === 'string') bytes = value.length;
  else if (typeof value === 'number') bytes = 8;
  else if (typeof value === 'boolean') bytes = 4;
  else if (value instanceof Uint8Array) {
    tally.bytes += value.byteLength;
    tally.captured += value.byteLength;
    return;
  } else if (Array.isArray(value)) {
    for (const item of value) weigh(item, tally, captured);
    return;
  } else if (typeof value === 'object' && value !== null) {
    // for...in rather than Object.entries: this runs for every event on the request path.
    for (const key in value) {
      tally.bytes += key.length;
      weigh((value as Record<string, unknown>)[key], tally, captured || key === 'rows');
    }
    return;
  }
  tally.bytes += bytes;
  if (captured) tally.captured += bytes;
}

function trim(value: unknown, budget: { left: number }): unknown {
  if (isCapturedBody(value)) {
    const keep = Math.min(value.captured.byteLength, budget.left);
    budget.left -= keep;
    // slice copies, so the bytes beyond the cap can be freed.
    return keep === value.captured.byteLength ? value : { ...value, captured: value.captured.slice(0, keep), truncated: true };
  }
  if (Array.isArray(value)) return value.map((item) => trim(item, budget));
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = key === 'rows' && Array.isArray(field) ? firstRows(field, budget) : trim(field, budget);
  return copy;
}

/** The first rows that fit in what is left (rows are kept whole or not at all). */
function firstRows(rows: readonly unknown[], budget: { left: number }): unknown[] {
  const kept: unknown[] = [];
  for (const row of rows) {
    const tally = { bytes: 0, captured: 0 };
    weigh(row, tally, true);
    if (tally.captured > budget.left) break;
    budget.left -= tally.captured;
    kept.push(row);
  }
  return kept;
}

function isCapturedBody(value: unknown): value is CapturedBody {
  return typeof value === 'object' && value !== null && (value as Partial<CapturedBody>).captured instanceof Uint8Array && typeof (value as Partial<CapturedBody>).size === 'number';
}
