import type { EventPageRequest } from '../api/contract.js';
import type { EventFilter, SpinscopeEvent } from '../api/events.js';
import { matchesFilter } from './event-filter.js';
import { pageOf, type Paged, type StoredEvent } from './event-page.js';
import { eventSize, trimCaptured } from './event-size.js';
import { Subscription, type EventListener, type SubscribeOptions } from './subscription.js';

/** Options for {@link EventStore}. */
export interface EventStoreOptions {
  /** How many traces are kept before the oldest whole trace is evicted; default 10,000. */
  readonly maxTraces?: number;
  /**
   * How many bytes the held events may weigh (see `recordedBytes`: captured bodies and
   * values, SQLite blobs and rows, and every other field's text) before the oldest whole
   * traces are evicted; default 256 MiB.
   */
  readonly maxEventBytes?: number;
  /**
   * How many bytes one trace may weigh: an event that would take its trace past this
   * keeps every field but only the captured bytes that fit (bodies and values marked
   * `truncated`, SQLite results cut to their first rows). Default an eighth of
   * `maxEventBytes`; never more than `maxEventBytes`; none when that is 0 (the store
   * then keeps nothing, and cuts nothing its subscribers get).
   */
  readonly maxTraceBytes?: number;
}

/** Counters describing what the store holds and what it has let go. */
export interface EventStoreStats {
  readonly traces: number;
  readonly events: number;
  /** What the held events weigh (see `recordedBytes`). */
  readonly bytes: number;
  readonly evictedTraces: number;
  readonly evictedEvents: number;
  /** What the evicted events weighed. */
  readonly evictedBytes: number;
  /** Events whose captured bytes were cut to keep their trace within `maxTraceBytes`. */
  readonly trimmedEvents: number;
  readonly subscribers: number;
}

/**
 * Sees the store change synchronously and in order: each event as it is held, then each
 * trace as it is evicted. Runs on the request path, so it must be cheap and never throw.
 */
export interface StoreObserver {
  recorded(event: SpinscopeEvent): void;
  evicted(traceId: string): void;
}

/** Something events can be published to; the dispatcher and trigger depend only on this. */
export interface EventSink {
  publish(event: SpinscopeEvent): void;
}

/** Default of {@link EventStoreOptions.maxTraces}. */
export const DEFAULT_MAX_TRACES = 10_000;
/** Default of {@link EventStoreOptions.maxEventBytes}. */
export const DEFAULT_MAX_EVENT_BYTES = 256 * 1024 * 1024;

interface Trace {
  readonly id: string;
  readonly events: StoredEvent[];
  bytes: number;
}

/**
 * Every recent event, grouped by trace, plus live subscriptions.
 *
 * The store is a ring of traces within a count and a byte budget: evicting makes room
 * by dropping the oldest trace (first seen) whole, never single events, so a waterfall
 * is never missing its root; a trace that alone outgrows the budget is evicted too.
 * Events are also kept in one log in publish order, so a page of them costs what it
 * holds, not a sort of everything.
 */
export class EventStore implements EventSink {
  readonly #maxTraces: number;
  readonly #maxEventBytes: number;
  readonly #maxTraceBytes: number;
  readonly #traces = new Map<string, Trace>();
  // Traces in first-seen order from #oldest on. Eviction reads the oldest from here:
  // a Map iterator first walks past every entry deleted since the Map last rehashed.
  #order: Trace[] = [];
  #oldest = 0;
  // Every held event in publish order; evicted ones stay as empty entries until they
  // outnumber the held ones, so compacting costs O(1) per event.
  #log: StoredEvent[] = [];
  #dead = 0;
  readonly #subscriptions = new Set<Subscription>();
  readonly #observers = new Set<StoreObserver>();
  #seq = 0;
  #events = 0;
  #bytes = 0;
  #evictedTraces = 0;
  #evictedEvents = 0;
  #evictedBytes = 0;
  #trimmedEvents = 0;

  constructor(options: EventStoreOptions = {}) {
    this.#maxTraces = Math.max(1, options.maxTraces ?? DEFAULT_MAX_TRACES);
    this.#maxEventBytes = Math.max(0, options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES);
    // A store that keeps nothing has no trace to cut: its subscribers get every event whole.
    this.#maxTraceBytes =
      this.#maxEventBytes === 0 ? Number.POSITIVE_INFINITY : Math.min(this.#maxEventBytes, Math.max(0, options.maxTraceBytes ?? Math.floor(this.#maxEventBytes / 8)));
  }

  /**
   * Records an event (cut to its trace's cap) and, only if someone subscribes, queues it
   * for them: subscribers get the event as the store holds it. Never blocks.
   */
  publish(event: SpinscopeEvent): void {
    let trace = this.#traces.get(event.traceId);
    if (trace === undefined) {
      trace = { id: event.traceId, events: [], bytes: 0 };
      this.#traces.set(trace.id, trace);
      this.#order.push(trace);
    }
    let size = eventSize(event);
    if (size.captured > 0 && trace.bytes + size.bytes > this.#maxTraceBytes) {
      event = trimCaptured(event, this.#maxTraceBytes - trace.bytes - (size.bytes - size.captured));
      size = eventSize(event);
      this.#trimmedEvents += 1;
    }
    const stored: StoredEvent = { seq: this.#seq++, event, bytes: size.bytes };
    trace.events.push(stored);
    trace.bytes += size.bytes;
    this.#log.push(stored);
    this.#events += 1;
    this.#bytes += size.bytes;
    for (const observer of this.#observers) observer.recorded(event);
    this.#evictBeyondLimits();
    if (this.#subscriptions.size === 0) return;
    for (const subscription of this.#subscriptions) subscription.offer(event);
  }

  /** Delivers future events passing `options.filter` to `listener`; call `unsubscribe()` on the result to stop. */
  subscribe(listener: EventListener, options: SubscribeOptions = {}): Subscription {
    const subscription = new Subscription(listener, options, (closed) => this.#subscriptions.delete(closed));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Tells `observer` of every event held and trace evicted from now on, as it happens (a
   * batching view needs the two in order; a slow consumer wants {@link subscribe}).
   * Returns a function that stops it.
   */
  observe(observer: StoreObserver): () => void {
    this.#observers.add(observer);
    return () => void this.#observers.delete(observer);
  }

  /** Every stored event passing `filter`, in publish order (in-process use; a client pages with {@link page}). */
  events(filter?: EventFilter): SpinscopeEvent[] {
    const events: SpinscopeEvent[] = [];
    for (const { event } of this.#entries(filter)) if (event !== undefined && matchesFilter(event, filter)) events.push(event);
    return events;
  }

  /**
   * One page of the stored events passing `filter`, in publish order, after `request.after`
   * and within its limits; `next` continues it. Each call does a bounded amount of work,
   * so a page may come back short (even empty) with a `next` when the filter skips much.
   * Throws UsageError for an `after` that no page gave.
   */
  page(filter?: EventFilter, request: EventPageRequest = {}): Paged {
    return pageOf(this.#entries(filter), filter, request);
  }

  /** The events of one trace in publish order, or undefined if it was never seen or was evicted. */
  trace(traceId: string): SpinscopeEvent[] | undefined {
    return this.#traces.get(traceId)?.events.map((stored) => stored.event as SpinscopeEvent);
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
      bytes: this.#bytes,
      evictedTraces: this.#evictedTraces,
      evictedEvents: this.#evictedEvents,
      evictedBytes: this.#evictedBytes,
      trimmedEvents: this.#trimmedEvents,
      subscribers: this.#subscriptions.size,
    };
  }

  /** Forgets every stored event and resets the eviction counters; subscriptions are kept. */
  clear(): void {
    this.#traces.clear();
    this.#order = [];
    this.#oldest = 0;
    this.#log = [];
    this.#dead = 0;
    this.#events = 0;
    this.#bytes = 0;
    this.#evictedTraces = 0;
    this.#evictedEvents = 0;
    this.#evictedBytes = 0;
    this.#trimmedEvents = 0;
  }

  /** The entries a filter can match, in publish order: one trace's, or the whole log. */
  #entries(filter: EventFilter | undefined): readonly StoredEvent[] {
    return filter?.traceId === undefined ? this.#log : (this.#traces.get(filter.traceId)?.events ?? []);
  }

  #evictBeyondLimits(): void {
    while ((this.#traces.size > this.#maxTraces || this.#bytes > this.#maxEventBytes) && this.#oldest < this.#order.length) {
      this.#evict(this.#order[this.#oldest++] as Trace);
    }
    // Drops the evicted traces and log entries now and then, so compacting costs O(1) each.
    if (this.#oldest > 1024 && this.#oldest * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#oldest);
      this.#oldest = 0;
    }
    if (this.#dead > 1024 && this.#dead * 2 > this.#log.length) {
      this.#log = this.#log.filter((stored) => stored.event !== undefined);
      this.#dead = 0;
    }
  }

  #evict(trace: Trace): void {
    this.#traces.delete(trace.id);
    // The log still points at these entries: emptying them frees the events now.
    for (const stored of trace.events) stored.event = undefined;
    this.#dead += trace.events.length;
    this.#events -= trace.events.length;
    this.#bytes -= trace.bytes;
    this.#evictedTraces += 1;
    this.#evictedEvents += trace.events.length;
    this.#evictedBytes += trace.bytes;
    for (const observer of this.#observers) observer.evicted(trace.id);
  }
}
