import type { EventPageRequest } from '../api/contract.js';
import type { EventFilter, SpinscopeEvent } from '../api/events.js';
import { UsageError } from '../errors/spinscope-error.js';
import { matchesFilter } from './event-filter.js';

/** An event as the store keeps it: its place in publish order and its weight; `event` is emptied on eviction. */
export interface StoredEvent {
  readonly seq: number;
  event: SpinscopeEvent | undefined;
  readonly bytes: number;
}

/** One page of events and the cursor to the next, absent on the last page. */
export interface Paged {
  readonly events: SpinscopeEvent[];
  readonly next?: string;
}

/** Limits of a page when the request gives none, and the most a request may ask for. */
export const PAGE_LIMITS = {
  defaultBytes: 4 * 1024 * 1024,
  maxBytes: 16 * 1024 * 1024,
  defaultEvents: 2_000,
  maxEvents: 10_000,
} as const;

// Entries one page may look at: with a filter that matches little, a page ends here
// (short, with a cursor) rather than scanning a million entries in one go.
const SCAN_LIMIT = 50_000;

/**
 * The page of `entries` (in publish order) passing `filter` that `request` asks for. The
 * cursor is the publish sequence number of the last entry looked at, so it stays valid
 * whatever is evicted between pages.
 */
export function pageOf(entries: readonly StoredEvent[], filter: EventFilter | undefined, request: EventPageRequest): Paged {
  const after = parseCursor(request.after);
  const maxBytes = limit(request.maxBytes, PAGE_LIMITS.defaultBytes, PAGE_LIMITS.maxBytes);
  const maxEvents = limit(request.maxEvents, PAGE_LIMITS.defaultEvents, PAGE_LIMITS.maxEvents);
  const events: SpinscopeEvent[] = [];
  let bytes = 0;
  let last = after;
  const start = firstAfter(entries, after);
  const end = Math.min(entries.length, start + SCAN_LIMIT);
  for (let index = start; index < end; index++) {
    const stored = entries[index] as StoredEvent;
    const event = stored.event;
    if (event !== undefined && matchesFilter(event, filter)) {
      if (events.length === maxEvents || (events.length > 0 && bytes + stored.bytes > maxBytes)) return { events, next: String(last) };
      events.push(event);
      bytes += stored.bytes;
    }
    last = stored.seq;
  }
  return end < entries.length ? { events, next: String(last) } : { events };
}

function parseCursor(after: string | undefined): number {
  if (after === undefined) return -1;
  if (!/^\d{1,15}$/.test(after)) throw new UsageError(`"after" must be the "next" of an earlier page of events, not ${JSON.stringify(after)}`);
  return Number(after);
}

function limit(asked: number | undefined, fallback: number, most: number): number {
  return asked === undefined || !Number.isFinite(asked) ? fallback : Math.min(most, Math.max(1, Math.floor(asked)));
}

/** Index of the first entry with a sequence number above `seq` (entries are in ascending order). */
function firstAfter(entries: readonly StoredEvent[], seq: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((entries[middle] as StoredEvent).seq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
