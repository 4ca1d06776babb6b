export { matchesFilter } from './event-filter.js';
export { newEventId, newTraceId } from './event-ids.js';
export { EventStore, type EventSink, type EventStoreOptions, type EventStoreStats } from './event-store.js';
export { Subscription, type EventListener, type SubscribeOptions } from './subscription.js';
export { serializeEvent } from './serialize-event.js';
export { toHar, type Har, type HarEntry, type HarNameValue, type HarOptions } from './har.js';
