import type { EventFilter, SpinscopeEvent } from '../api/events.js';
import { matchesFilter } from './event-filter.js';
import { Subscription, type EventListener, type SubscribeOptions } from './subscription.js';

/** Options for {@link EventStore}. */
export interface EventStoreOptions {
  /** How many traces are kept before the oldest whole trace is evicted; default 10,000. */
  readonly maxTraces?: number;
}

/** Counters describing what the store holds and what it has let go. */
export interface EventStoreStats {
  readonly traces: number;
  readonly events: number;
  readonly evictedTraces: number;
  readonly evictedEvents: number;
  readonly subscribers: number;
}

/** Something events can be published to; the dispatcher and trigger depend only on this. */
export interface EventSink {
  publish(event: SpinscopeEvent): void;
}

const DEFAULT_MAX_TRACES = 10_000;

interface Stored {
  readonly seq: number;
  readonly event: SpinscopeEvent;
}

/**
 * Every recent event, grouped by trace, plus live subscriptions.
 *
 * The store is a ring of traces: a `Map` in first-seen order, so evicting the oldest
 * trace is deleting the first key. Whole traces are evicted, never single events, so
 * a waterfall is never missing its root.
 */
export class EventStore implements EventSink {
  readonly #maxTraces: number;
  readonly #traces = new Map<string, Stored[]>();
  // Trace ids in first-seen order from #oldest on. Eviction reads the oldest from here:
  // a Map iterator first walks past every entry deleted since the Map last rehashed.
  #order: string[] = [];
  #oldest = 0;
  readonly #subscriptions = new Set<Subscription>();
  #seq = 0;
  #events = 0;
  #evictedTraces = 0;
  #evictedEvents = 0;

  constructor(options: EventStoreOptions = {}) {
    this.#maxTraces = Math.max(1, options.maxTraces ?? DEFAULT_MAX_TRACES);
  }

  /** Records an event and, only if someone subscribes, queues it for them. Never blocks. */
  publish(event: SpinscopeEvent): void {
    let trace = this.#traces.get(event.traceId);
    if (trace === undefined) {
      trace = [];
      this.#traces.set(event.traceId, trace);
      this.#order.push(event.traceId);
      this.#evictBeyondLimit();
    }
    trace.push({ seq: this.#seq++, event });
    this.#events += 1;
    if (this.#subscriptions.size === 0) return;
    for (const subscription of this.#subscriptions) subscription.offer(event);
  }

  /** Delivers future events passing `options.filter` to `listener`; call `unsubscribe()` on the result to stop. */
  subscribe(listener: EventListener, options: SubscribeOptions = {}): Subscription {
    const subscription = new Subscription(listener, options, (closed) => this.#subscriptions.delete(closed));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Stored events passing `filter`, in publish order. */
  events(filter?: EventFilter): SpinscopeEvent[] {
    const traces = filter?.traceId === undefined ? [...this.#traces.values()] : [this.#traces.get(filter.traceId) ?? []];
    return traces
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .map((stored) => stored.event)
      .filter((event) => matchesFilter(event, filter));
  }

  /** The events of one trace in publish order, or undefined if it was never seen or was evicted. */
  trace(traceId: string): SpinscopeEvent[] | undefined {
    return this.#traces.get(traceId)?.map((stored) => stored.event);
  }

  /** Trace ids, oldest first. */
  traceIds(): string[] {
    return [...this.#traces.keys()];
  }

  /** Counts of what is held, what was evicted, and live subscribers. */
  stats(): EventStoreStats {
    return {
      traces: this.#traces.size,
      events: this.#events,
      evictedTraces: this.#evictedTraces,
      evictedEvents: this.#evictedEvents,
      subscribers: this.#subscriptions.size,
    };
  }

  /** Forgets every stored event (eviction counters and subscriptions are kept). */
  clear(): void {
    this.#traces.clear();
    this.#order = [];
    this.#oldest = 0;
    this.#events = 0;
  }

  #evictBeyondLimit(): void {
    while (this.#traces.size > this.#maxTraces) {
      const oldestId = this.#order[this.#oldest++]!;
      const oldest = this.#traces.get(oldestId)!;
      this.#traces.delete(oldestId);
      this.#events -= oldest.length;
      this.#evictedTraces += 1;
      this.#evictedEvents += oldest.length;
    }
    // Drops the evicted ids now and then, so compacting costs O(1) per trace.
    if (this.#oldest >= this.#maxTraces) {
      this.#order = this.#order.slice(this.#oldest);
      this.#oldest = 0;
    }
  }
}
