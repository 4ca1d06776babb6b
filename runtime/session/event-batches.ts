import type { EventBatch, Unsubscribe } from '../api/contract.js';
import type { SpinscopeEvent } from '../api/events.js';
import type { EventStore } from '../events/index.js';

/** How long live events are gathered before a batch goes out. */
export const BATCH_INTERVAL_MS = 30;

/**
 * Delivers `store`'s live events to `listener` in batches, at most one per
 * {@link BATCH_INTERVAL_MS}, each with the traces evicted meanwhile and the eviction
 * counts after it. A burst of thousands of events becomes a few batches, so an inspector
 * renders once per batch rather than once per event; the request path only appends to
 * an array.
 *
 * A batch is applied evictions first, then events: so events published before their
 * trace's eviction are left out of it (they are gone from the store too), and those
 * published after it (a late event starting the trace again) are kept.
 */
export function subscribeBatches(store: EventStore, listener: (batch: EventBatch) => void): Unsubscribe {
  let pending: SpinscopeEvent[] = [];
  // Trace id -> how many pending events were published before its (latest) eviction.
  let evictedAt = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const evicted = evictedAt;
    const events = evicted.size === 0 ? pending : pending.filter((event, index) => index >= (evicted.get(event.traceId) ?? 0));
    pending = [];
    evictedAt = new Map();
    const { evictedEvents, evictedBytes } = store.stats();
    listener({ events, evictedTraceIds: [...evicted.keys()], evicted: evictedEvents, evictedBytes });
  };
  const stop = store.observe({
    recorded: (event) => {
      pending.push(event);
      timer ??= setTimeout(flush, BATCH_INTERVAL_MS);
    },
    evicted: (traceId) => {
      evictedAt.set(traceId, pending.length);
      timer ??= setTimeout(flush, BATCH_INTERVAL_MS);
    },
  });
  return () => {
    stop();
    clearTimeout(timer);
    timer = undefined;
    pending = [];
    evictedAt = new Map();
  };
}
