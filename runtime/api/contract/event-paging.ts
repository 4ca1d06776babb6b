/** Events as the contract carries them: pages of history, live batches, and what the store evicted. */

import type { SpinscopeEvent } from '../events.js';

/**
 * Which page of the recorded events `events()` answers with. Pages follow publish order;
 * pass each page's `next` as `after` until a page comes without one.
 */
export interface EventPageRequest {
  /** The `next` of the previous page (an opaque cursor); from the oldest event held when absent. */
  readonly after?: string;
  /**
   * Stop before the page's events weigh more than this many bytes, as the event store
   * weighs them (captured bytes plus every other field's text); default 4 MiB, at most
   * 16 MiB. A page holds at least one event when any is left, however much it weighs.
   */
  readonly maxBytes?: number;
  /** At most this many events; default 2,000, at most 10,000. */
  readonly maxEvents?: number;
}

/** What the event store has let go since it was last cleared. */
export interface EventEvictions {
  /** Events evicted (whole traces, oldest first, to stay within the trace count and byte budget). */
  readonly evicted: number;
  /** What the evicted events weighed, in bytes. */
  readonly evictedBytes: number;
}

/** One page of recorded events, oldest first, and the eviction counts when it was taken. */
export interface EventPage extends EventEvictions {
  readonly events: readonly SpinscopeEvent[];
  /** Pass as `after` for the page that follows; absent on the last page. */
  readonly next?: string;
}

/** A live batch of events, and the eviction counts after it. */
export interface EventBatch extends EventEvictions {
  readonly events: readonly SpinscopeEvent[];
  /**
   * Traces evicted since the previous batch, whole: the store no longer holds any of
   * their events (a later event of one starts it again). A view drops their rows.
   */
  readonly evictedTraceIds: readonly string[];
}

/** Stops a listener; calling it twice is harmless. */
export type Unsubscribe = () => void;
