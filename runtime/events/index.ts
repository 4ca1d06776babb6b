export { matchesFilter } from './event-filter.js';
export { errorInfo } from './error-info.js';
export { newEventId, newTraceId } from './event-ids.js';
export { PAGE_LIMITS, type Paged } from './event-page.js';
export { eventSize, recordedBytes, type EventSize } from './event-size.js';
export {
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_TRACES,
  EventStore,
  type EventSink,
  type EventStoreOptions,
  type EventStoreStats,
  type StoreObserver,
} from './event-store.js';
export { Subscription, type EventListener, type SubscribeOptions } from './subscription.js';
export { serializeEvent } from './serialize-event.js';
export { toHar, type Har, type HarEntry, type HarNameValue, type HarOptions } from './har.js';
