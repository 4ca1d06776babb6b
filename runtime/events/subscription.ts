import type { EventFilter, SpinscopeEvent } from '../api/events.js';
import { matchesFilter } from './event-filter.js';

/** Receives live events; a returned promise holds back this subscriber's next event until it settles. */
export type EventListener = (event: SpinscopeEvent) => void | Promise<void>;

/** Options for one subscription. */
export interface SubscribeOptions {
  /** Only events passing this filter are queued. */
  readonly filter?: EventFilter;
  /** How many undelivered events may wait before the oldest are dropped; default 1,000. */
  readonly queueLimit?: number;
}

const DEFAULT_QUEUE_LIMIT = 1_000;

/**
 * One live subscriber with its own bounded queue.
 *
 * Why a queue per subscriber rather than awaiting listeners: the publisher is the
 * request path, and it must never wait for an inspector. Delivery is asynchronous
 * and one event at a time per subscriber (a listener returning a promise, such as
 * a WebSocket send waiting for drain, holds back only its own queue). When a queue
 * is full the oldest waiting event is dropped and counted, so a live view stays
 * current; the store still has every event for a subscriber that wants to catch up.
 */
export class Subscription {
  /** Events dropped because this subscriber fell `queueLimit` behind. */
  dropped = 0;
  /** The error a listener threw or rejected with; it ends the subscription. */
  failure: unknown = undefined;
  readonly #listener: EventListener;
  readonly #filter: EventFilter | undefined;
  readonly #limit: number;
  readonly #queue: SpinscopeEvent[] = [];
  readonly #onClose: (subscription: Subscription) => void;
  #draining = false;
  #closed = false;

  constructor(listener: EventListener, options: SubscribeOptions, onClose: (subscription: Subscription) => void) {
    this.#listener = listener;
    this.#filter = options.filter;
    this.#limit = Math.max(1, options.queueLimit ?? DEFAULT_QUEUE_LIMIT);
    this.#onClose = onClose;
  }

  /** Events queued and not yet handed to the listener. */
  get pending(): number {
    return this.#queue.length;
  }

  /** True once unsubscribed or failed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Stops delivery; events still queued are discarded. */
  unsubscribe(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#onClose(this);
  }

  /** Queues an event for delivery; never blocks and never throws. */
  offer(event: SpinscopeEvent): void {
    if (this.#closed || !matchesFilter(event, this.#filter)) return;
    if (this.#queue.length >= this.#limit) {
      this.#queue.shift();
      this.dropped += 1;
    }
    this.#queue.push(event);
    if (!this.#draining) {
      this.#draining = true;
      queueMicrotask(() => void this.#drain());
    }
  }

  async #drain(): Promise<void> {
    try {
      for (let event = this.#queue.shift(); event !== undefined && !this.#closed; event = this.#queue.shift()) {
        const delivered = this.#listener(event);
        if (delivered !== undefined) await delivered;
      }
    } catch (error) {
      // A failing listener ends its own subscription, not the publisher; the error is kept on it.
      this.failure = error;
      this.unsubscribe();
    } finally {
      this.#draining = false;
    }
  }
}
