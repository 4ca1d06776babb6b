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

import type { Explanation } from './explanation.js';

/** Fields every event carries. */
export interface EventBase {
  /** Unique id of this event. */
  readonly id: string;
  /** When the event happened, in milliseconds since the Unix epoch. */
  readonly time: number;
  /** Id of the trace: shared by an inbound request and everything it caused. */
  readonly traceId: string;
  /** The event that caused this one; absent for the root of a trace. */
  readonly parentId?: string;
}

/** Header name/value pairs in the order they were sent; values are byte strings (latin1). */
export type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * A message body as recorded: the first bytes up to the capture limit (1 MiB unless
 * configured), and the true size. Recording never changes what is delivered.
 */
export interface CapturedBody {
  /** The first `min(size, limit)` bytes. (A WebSocket bridge sends these as base64.) */
  readonly captured: Uint8Array;
  /** The body's full size in bytes, however much was captured. */
  readonly size: number;
  /** True when `captured` holds fewer bytes than `size`. */
  readonly truncated: boolean;
}

/** When the phases of an exchange happened, each in epoch milliseconds. */
export interface ResponseTimings {
  /** The request was dispatched. */
  readonly start: number;
  /** The response status and headers arrived. */
  readonly headers: number;
  /** The last byte of the response body arrived. */
  readonly end: number;
}

/** An error in plain-data form: `{ code, name, message, ...fields }`. */
export interface ErrorInfo {
  /** A `SPINSCOPE_*` code, or a Node/undici code such as `ECONNREFUSED`. */
  readonly code?: string;
  /** The error class name. */
  readonly name: string;
  /** The human-readable message. */
  readonly message: string;
}

/** A request arrived at the app's HTTP trigger, or by service chaining. */
export interface InboundRequestEvent extends EventBase {
  readonly kind: 'inbound.request';
  /** The component the request was routed to. */
  readonly component: string;
  readonly method: string;
  /** Path and query as received, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  readonly headers: HeaderList;
  readonly body: CapturedBody;
  /** Set when another component sent this request through `<id>.spin.internal` (spec §10.44). */
  readonly chainedFrom?: string;
}

/** A component answered an inbound request. `parentId` is its `inbound.request`. */
export interface InboundResponseEvent extends EventBase {
  readonly kind: 'inbound.response';
  readonly component: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: CapturedBody;
  readonly timings: ResponseTimings;
}

/**
 * A component failed to answer: it trapped, ran past its timeout, or could not run.
 * The caller got a 500 (a chained caller, an error). `parentId` is its `inbound.request`.
 */
export interface InboundErrorEvent extends EventBase {
  readonly kind: 'inbound.error';
  readonly component: string;
  readonly error: ErrorInfo;
  /** What the guest wrote to stderr before it failed. */
  readonly stderr: string;
}

/** A component sent an outbound HTTP request (recorded before the policy check). */
export interface OutboundRequestEvent extends EventBase {
  readonly kind: 'outbound.request';
  /** The calling component. */
  readonly component: string;
  readonly method: string;
  /** The URL as the guest asked for it, or its path alone for a relative request. */
  readonly url: string;
  /** Headers as the guest sent them (the `Host` header is stripped afterwards, spec §13.56). */
  readonly headers: HeaderList;
  /** Absent when the body was a stream the recorder could not observe. */
  readonly body?: CapturedBody;
}

/** An outbound request completed. `parentId` is its `outbound.request`. */
export interface OutboundResponseEvent extends EventBase {
  readonly kind: 'outbound.response';
  readonly component: string;
  readonly url: string;
  /** The `allowed_outbound_hosts` entry that let the request out, as written in spin.toml (`{{ var }}` unexpanded). */
  readonly allowedBy?: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: CapturedBody;
  readonly timings: ResponseTimings;
}

/** An allowed outbound request failed (connection refused, DNS, reset...). `parentId` is its `outbound.request`. */
export interface OutboundErrorEvent extends EventBase {
  readonly kind: 'outbound.error';
  readonly component: string;
  readonly url: string;
  /** The `allowed_outbound_hosts` entry that let the request out, as written in spin.toml (`{{ var }}` unexpanded). */
  readonly allowedBy?: string;
  readonly error: ErrorInfo;
  /** The `wasi:http` `error-code` case the guest received, e.g. `connection-refused`. */
  readonly guestError: string;
}

/** `allowed_outbound_hosts` denied an outbound request. `parentId` is its `outbound.request`. */
export interface OutboundDeniedEvent extends EventBase {
  readonly kind: 'outbound.denied';
  readonly component: string;
  readonly url: string;
  /** The verdict with near misses and Spin's suggested entry. */
  readonly explanation: Explanation;
  /** The three lines `spin up` prints (spec §12.54); absent where Spin prints none (spec §7.34, §11.50). */
  readonly spinLines?: readonly [string, string, string];
}

/** A component called another through `<id>.spin.internal`, in process (spec §10.44). `parentId` is the `outbound.request`. */
export interface ChainHopEvent extends EventBase {
  readonly kind: 'chain.hop';
  /** The calling component (same as `from`). */
  readonly component: string;
  readonly from: string;
  readonly to: string;
  readonly url: string;
}

/** A line a guest wrote to stdout or stderr. */
export interface GuestLogEvent extends EventBase {
  readonly kind: 'guest.log';
  readonly component: string;
  readonly stream: 'stdout' | 'stderr';
  /** The line without its terminator. */
  readonly line: string;
}

/** The app loaded (or reloaded) and is serving. A trace of its own. */
export interface AppLoadedEvent extends EventBase {
  readonly kind: 'app.loaded';
  /** The application name from the manifest. */
  readonly app: string;
  /** Component ids in manifest order. */
  readonly components: readonly string[];
  /** Where the HTTP trigger listens, e.g. `http://127.0.0.1:3000`, if it does. */
  readonly origin?: string;
}

/** Loading or reloading the app failed; any previous app keeps serving. A trace of its own. */
export interface AppFailedEvent extends EventBase {
  readonly kind: 'app.failed';
  readonly error: ErrorInfo;
}

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
  | AppLoadedEvent
  | AppFailedEvent;

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
