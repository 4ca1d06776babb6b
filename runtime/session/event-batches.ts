import type { EventBatch, Unsubscribe } from '../api/contract.js';
import type { SpinscopeEvent } from '../api/events.js';
import type { EventStore } from '../events/index.js';

/** How long live events are gathered before a batch goes out. */
export const BATCH_INTERVAL_MS = 30;

/**
 * Events one synchronous burst may publish before the subscription drops the oldest.
 * The default (1,000) would lose most of a 10,000-event burst, and the inspector would
 * never know; batches already bound what waits here to one interval's worth.
 */
const BURST_LIMIT = 1_000_000;

/**
 * Delivers `store`'s live events to `listener` in batches, at most one per
 * {@link BATCH_INTERVAL_MS}, each with the eviction count after it. A burst of
 * thousands of events becomes a few batches, so an inspector renders once per
 * batch rather than once per event; the request path only appends to an array.
 */
export function subscribeBatches(store: EventStore, evicted: () => number, listener: (batch: EventBatch) => void): Unsubscribe {
  let pending: SpinscopeEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const events = pending;
    pending = [];
    listener({ events, evicted: evicted() });
  };
  const subscription = store.subscribe((event) => {
    pending.push(event);
    timer ??= setTimeout(flush, BATCH_INTERVAL_MS);
  }, { queueLimit: BURST_LIMIT });
  return () => {
    subscription.unsubscribe();
    clearTimeout(timer);
    timer = undefined;
    pending = [];
  };
}
