import {
  SPINSCOPE_API_VERSION,
  type AppStatus,
  type EventBatch,
  type EventPage,
  type EventPageRequest,
  type KeyValueKeysPage,
  type ReplayResult,
  type SpinscopeApi,
  type Unsubscribe,
} from '../runtime/api/contract.js';
import type { EventFilter } from '../runtime/api/events.js';
import { AppNotRunningError, EventStore, ReplayError, subscribeBatches } from '../runtime/index.js';

const STATUS: AppStatus = { state: 'running', isExample: false, appName: 'bench-app', routes: [] };

/**
 * A `SpinscopeApi` over an `EventStore` the benchmark fills itself: the bridge serves
 * it exactly as it serves a `ProjectSession` (live events batched the same way), with
 * no app running, so the figures measure the inspector and not the guests.
 */
export class RecordedSession implements SpinscopeApi {
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
  openProject(): Promise<AppStatus> {
    return this.status();
  }
  recentProjects(): Promise<[]> {
    return Promise.resolve([]);
  }
  learnAllowedHosts(): Promise<[]> {
    return Promise.resolve([]);
  }
  setAllowedHosts(): Promise<[]> {
    return Promise.resolve([]);
  }
  setStoreAccess(): Promise<[]> {
    return Promise.resolve([]);
  }
  keyValueStores(): Promise<[]> {
    return Promise.resolve([]);
  }
  keyValueKeys(): Promise<KeyValueKeysPage> {
    return Promise.reject(new AppNotRunningError('the benchmark session has no key-value stores'));
  }
  keyValueGet(): Promise<undefined> {
    return Promise.reject(new AppNotRunningError('the benchmark session has no key-value stores'));
  }
  keyValueSet(): Promise<void> {
    return Promise.reject(new AppNotRunningError('the benchmark session has no key-value stores'));
  }
  keyValueDelete(): Promise<void> {
    return Promise.reject(new AppNotRunningError('the benchmark session has no key-value stores'));
  }
  discardSessionChanges(): Promise<[]> {
    return Promise.resolve([]);
  }
  replay(): Promise<ReplayResult> {
    return Promise.reject(new ReplayError('the benchmark session runs no app to replay requests on'));
  }
  start(): Promise<AppStatus> {
    return this.status();
  }
  stop(): Promise<AppStatus> {
    return this.status();
  }
  restart(): Promise<AppStatus> {
    return this.status();
  }
  clearEvents(): Promise<void> {
    this.store.clear();
    return Promise.resolve();
  }
}
