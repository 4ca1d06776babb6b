import {
  BROWSER_CALL_METHODS,
  SPINSCOPE_API_VERSION,
  type AppStatus,
  type EventBatch,
  type EventPage,
  type EventPageRequest,
  type SpinscopeApi,
  type Unsubscribe,
} from '../runtime/api/contract.js';
import type { EventFilter } from '../runtime/api/events.js';
import { AppNotRunningError, EventStore, subscribeBatches } from '../runtime/index.js';

const STATUS: AppStatus = { state: 'running', isExample: false, appName: 'bench-app', routes: [] };

/**
 * A `SpinscopeApi` over an `EventStore` the benchmark fills itself: the bridge serves
 * it exactly as it serves a `ProjectSession` (live events batched the same way), with
 * no app running, so the figures measure the inspector and not the guests. It answers
 * what the inspector asks on its own; every other call of the contract (what a
 * developer's click would ask: edits, key-value browsing, replays) is refused.
 */
export interface RecordedSession extends SpinscopeApi {}
export class RecordedSession implements SpinscopeApi {
  static {
    for (const method of BROWSER_CALL_METHODS) {
      if (Object.hasOwn(RecordedSession.prototype, method)) continue;
      Object.defineProperty(RecordedSession.prototype, method, {
        value: () => Promise.reject(new AppNotRunningError(`the benchmark session's ${method}()`)),
        writable: true,
        configurable: true,
      });
    }
  }

  readonly version = SPINSCOPE_API_VERSION;
  /** Holds every trace the benchmark publishes (no eviction within a run). */
  readonly store = new EventStore({ maxTraces: 10_000_000, maxEventBytes: Number.MAX_SAFE_INTEGER });

  status(): Promise<AppStatus> {
    return Promise.resolve(STATUS);
  }
  components(): Promise<[]> {
    return Promise.resolve([]);
  }
  events(filter?: EventFilter, page?: EventPageRequest): Promise<EventPage> {
    const { events, next } = this.store.page(filter, page);
    return Promise.resolve({ events, evicted: 0, evictedBytes: 0, ...(next === undefined ? {} : { next }) });
  }
  onEvents(listener: (batch: EventBatch) => void): Unsubscribe {
    return subscribeBatches(this.store, listener);
  }
  onStatus(): Unsubscribe {
    return () => undefined;
  }
  recentProjects(): Promise<[]> {
    return Promise.resolve([]);
  }
  learnAllowedHosts(): Promise<[]> {
    return Promise.resolve([]);
  }
  keyValueStores(): Promise<[]> {
    return Promise.resolve([]);
  }
  clearEvents(): Promise<void> {
    this.store.clear();
    return Promise.resolve();
  }
}
