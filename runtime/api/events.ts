/**
 * The events Spinscope streams to an inspector: one discriminated union keyed by
 * a dotted lower-case `kind`. Types only, so the renderer, the Electron bridge and
 * the runtime can all import it.
 *
 * Every event belongs to a trace: the inbound request that caused it, or for app
 * lifecycle events a trace of their own. `parentId` links an event to the event
 * that caused it (an outbound response to its outbound request, an outbound request
 * to the inbound request being served), so a renderer can draw the waterfall.
 */

export type { EventBase, HeaderList, CapturedBody, ResponseTimings, InboundPhases, OutboundPhases, ErrorInfo } from './events/event-parts.js';
export type { InboundTarget, ClientAbort, InboundRequestEvent, InboundResponseEvent, InboundErrorEvent, OutboundRequestEvent, OutboundResponseEvent, OutboundErrorEvent, OutboundDeniedEvent, ChainHopEvent, GuestLogEvent } from './events/http-events.js';
export type { HostCallError, KeyValueOperation, KeyValueEvent, SqliteValue, SqliteOperation, SqliteEvent, StoreKind, StoreDeniedEvent, HostUnsupportedEvent } from './events/host-call-events.js';
export type { AppLoadedEvent, AppFailedEvent, AppWarningEvent, ReloadChanges, DroppedSessionChange, ChangeActor, AppReloadedEvent, BuildStartedEvent, BuildOutputEvent, BuildFinishedEvent } from './events/dev-loop-events.js';

import type { InboundRequestEvent, InboundResponseEvent, InboundErrorEvent, OutboundRequestEvent, OutboundResponseEvent, OutboundErrorEvent, OutboundDeniedEvent, ChainHopEvent, GuestLogEvent } from './events/http-events.js';
import type { KeyValueEvent, SqliteEvent, StoreDeniedEvent, HostUnsupportedEvent } from './events/host-call-events.js';
import type { AppLoadedEvent, AppFailedEvent, AppWarningEvent, AppReloadedEvent, BuildStartedEvent, BuildOutputEvent, BuildFinishedEvent } from './events/dev-loop-events.js';

/** Every event Spinscope publishes. */
export type SpinscopeEvent =
  | InboundRequestEvent
  | InboundResponseEvent
  | InboundErrorEvent
  | OutboundRequestEvent
  | OutboundResponseEvent
  | OutboundErrorEvent
  | OutboundDeniedEvent
  | ChainHopEvent
  | GuestLogEvent
  | KeyValueEvent
  | SqliteEvent
  | StoreDeniedEvent
  | HostUnsupportedEvent
  | AppLoadedEvent
  | AppFailedEvent
  | AppWarningEvent
  | AppReloadedEvent
  | BuildStartedEvent
  | BuildOutputEvent
  | BuildFinishedEvent;

/** The `kind` of some event. */
export type EventKind = SpinscopeEvent['kind'];

/** Which events a subscriber or query wants; every given field must match. */
export interface EventFilter {
  /** Only these kinds. */
  readonly kinds?: readonly EventKind[];
  /** Only events of this component (events without one never match). */
  readonly component?: string;
  /** Only this trace. */
  readonly traceId?: string;
}
