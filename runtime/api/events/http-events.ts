/** Events of HTTP traffic: inbound requests and their answers, outbound calls and their fate, chain hops, guest logs. */

import type { Explanation } from '../explanation.js';
import type { RuleApplied } from '../contract/outbound-rules.js';
import type { CapturedBody, ErrorInfo, EventBase, HeaderList, InboundPhases, OutboundPhases, ResponseTimings } from './event-parts.js';

/**
 * Who answers an inbound request: the component it was routed to or, for a route whose
 * trigger has a `static_response` instead of a component, that trigger's id (`spin up`
 * lists such a route under that id). Exactly one is set.
 */
export type InboundTarget = { readonly component: string; readonly staticTrigger?: never } | { readonly staticTrigger: string; readonly component?: never };

/**
 * The client went away before the whole response reached it: it closed the connection
 * or, for a chained request, the calling component stopped reading the body.
 */
export interface ClientAbort {
  /**
   * Bytes of the response body that reached it: taken by the connection (handed to the
   * OS) before it closed, or for a chained request handed to the calling component.
   */
  readonly bytesSent: number;
}

/** A request arrived at the app's HTTP trigger, or by service chaining. */
export type InboundRequestEvent = InboundTarget & InboundRequestFields;

interface InboundRequestFields extends EventBase {
  readonly kind: 'inbound.request';
  readonly method: string;
  /** Path and query as received, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  readonly headers: HeaderList;
  /** Absent when the body streamed in while the component ran: then its outcome event has it as `requestBody`. */
  readonly body?: CapturedBody;
  /** Set when another component sent this request through `<id>.spin.internal` (spec §10.44). */
  readonly chainedFrom?: string;
}

/** A component (or a static response) answered an inbound request. `parentId` is its `inbound.request`. */
export type InboundResponseEvent = InboundTarget & InboundResponseFields;

interface InboundResponseFields extends EventBase {
  readonly kind: 'inbound.response';
  readonly status: number;
  readonly headers: HeaderList;
  /** What the component wrote; with `clientAborted`, more than reached the client. */
  readonly body: CapturedBody;
  /** The request body, when it streamed in (so `inbound.request` has none): as much as had arrived when the component finished. */
  readonly requestBody?: CapturedBody;
  /** `end` is when the component finished writing; the event comes once the response has gone out (or the client has gone). */
  readonly timings: ResponseTimings;
  /** How long queueing, instantiation and the guest's run took; absent for a `static_response`. */
  readonly phases?: InboundPhases;
  /** Set when the client went away before the whole response reached it. */
  readonly clientAborted?: ClientAbort;
}

/**
 * A component failed to answer: it trapped, ran past its timeout, or could not run.
 * The caller got a 500 (a chained caller, an error), or, where Spin closes the connection
 * instead (a response body dropped unfinished, a static response hyper cannot send), no
 * response. `parentId` is its `inbound.request`.
 */
export type InboundErrorEvent = InboundTarget & InboundErrorFields;

interface InboundErrorFields extends EventBase {
  readonly kind: 'inbound.error';
  readonly error: ErrorInfo;
  /**
   * Set when the client got no complete response: the connection was closed, before the
   * head (a static response hyper cannot send) or after it (a trap, a timeout, a body
   * dropped unfinished), as Spin closes it.
   */
  readonly dropped?: true;
  /** What the guest wrote to stderr before it failed. */
  readonly stderr: string;
  /** The request body, when it streamed in (so `inbound.request` has none): as much as had arrived when the component failed. */
  readonly requestBody?: CapturedBody;
  /** Set when the client had gone away first, before the whole response reached it. */
  readonly clientAborted?: ClientAbort;
}

/** A component sent an outbound HTTP request (recorded before the policy check). */
export interface OutboundRequestEvent extends EventBase {
  readonly kind: 'outbound.request';
  /** The calling component. */
  readonly component: string;
  readonly method: string;
  /** The URL as the guest asked for it, or its path alone for a relative request. */
  readonly url: string;
  /** Headers as the guest sent them (the `Host` header is stripped afterwards, spec §13.56); the outcome's `sentHeaders` has them as they went out. */
  readonly headers: HeaderList;
  /** Absent when the body streamed out as the guest wrote it: then the outcome event has it as `requestBody`. */
  readonly body?: CapturedBody;
  /** The outbound rule that acted on the call (docs/rules.md); absent when none did. */
  readonly rule?: RuleApplied;
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
  /** The request body, when it streamed out (so `outbound.request` has none): as much of it as was sent by now. */
  readonly requestBody?: CapturedBody;
  /**
   * The request headers as they went out, after Spin's rewriting (spec §13.56: the guest's
   * `Host` removed, the URL's authority written instead) with what the HTTP client adds
   * (`connection`, the body's framing); for a chained request, those the called component
   * was handed (spec §13.57). Absent when the dispatch was not seen on the wire.
   */
  readonly sentHeaders?: HeaderList;
  readonly timings: ResponseTimings;
  /** How long each phase took, from the policy check to the body's last byte. */
  readonly phases?: OutboundPhases;
  /** The outbound rule that acted on the call (docs/rules.md); absent when none did. A `stub` answered without touching the upstream. */
  readonly rule?: RuleApplied;
}

/** An allowed outbound request failed (connection refused, DNS, reset...). `parentId` is its `outbound.request`. */
export interface OutboundErrorEvent extends EventBase {
  readonly kind: 'outbound.error';
  readonly component: string;
  readonly url: string;
  /**
   * The `allowed_outbound_hosts` entry that let the request out, as written in spin.toml
   * (`{{ var }}` unexpanded); set however early the request failed, even before connecting.
   */
  readonly allowedBy?: string;
  readonly error: ErrorInfo;
  /** The `wasi:http` `error-code` case the guest received, e.g. `connection-refused`. */
  readonly guestError: string;
  /** The request body, when it streamed out (so `outbound.request` has none): as much of it as was sent. */
  readonly requestBody?: CapturedBody;
  /** The request headers as they went out (see `OutboundResponseEvent`); absent when it failed before they were written. */
  readonly sentHeaders?: HeaderList;
  /** How long each phase took, the last one the phase it failed in (a DNS error ends with `dns`). */
  readonly phases?: OutboundPhases;
  /** The outbound rule that acted on the call (docs/rules.md); absent when none did. */
  readonly rule?: RuleApplied;
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
  /**
   * For a connection a non-HTTP interface tried to open (redis, postgres, mysql, mqtt), the
   * interface as imported, e.g. `fermyon:spin/redis@2.0.0`; `url` is then the address Spin
   * checks (as the guest gave it; for postgres, the denied host of the connection string as
   * `host[:port]`) and `parentId` the `inbound.request` being served. Absent for HTTP.
   */
  readonly interface?: string;
  /** For HTTP, how long the policy check took (`policy` is its only phase). */
  readonly phases?: OutboundPhases;
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
