import type {
  AppFailedEvent,
  AppReloadedEvent,
  BuildFinishedEvent,
  BuildOutputEvent,
  BuildStartedEvent,
  CapturedBody,
  ChainHopEvent,
  GuestLogEvent,
  InboundErrorEvent,
  InboundRequestEvent,
  InboundResponseEvent,
  OutboundDeniedEvent,
  OutboundErrorEvent,
  OutboundRequestEvent,
  OutboundResponseEvent,
  SpinscopeEvent,
} from '../api/events.js';
import { buildRowText, openBuildRow, openReloadRow, reloadRowText, updateBuildRow } from './dev-loop-rows.js';
import { hostCallOutcome, hostCallRowText, isDeniedCall, isFailedCall, isHostCallEvent, openHostCallRow, type HostCallEvent } from './host-call-rows.js';

/** What a row of the traffic list stands for: an HTTP exchange, another host call, a reload of the app, or a build. */
export type RowKind = RequestRowKind | HostCallRowKind | 'reload' | 'build';

/** The kinds of row an HTTP exchange makes. */
export type RequestRowKind = 'inbound' | 'outbound' | 'denied' | 'chain';

/** The kinds of row other host calls make: key-value, SQLite, and the other Spin APIs (redis, postgres, mysql, mqtt, llm). */
export type HostCallRowKind = 'kv' | 'sqlite' | 'api';

/** An event that opens a request row. */
export type RequestEvent = InboundRequestEvent | OutboundRequestEvent;

/** An event that opens a row: a request, a host call, a reload (or a failed attempt at one), a build. */
export type RowOpenEvent = RequestEvent | HostCallEvent | AppReloadedEvent | AppFailedEvent | BuildStartedEvent;

/** An event that completes or annotates the row of its `parentId`. */
export type RowUpdateEvent =
  | InboundResponseEvent
  | InboundErrorEvent
  | OutboundResponseEvent
  | OutboundErrorEvent
  | OutboundDeniedEvent
  | ChainHopEvent
  | GuestLogEvent
  | BuildOutputEvent
  | BuildFinishedEvent;

/** What every row has; the list's columns read only these. */
interface RowBase {
  /** The id of the event that opened the row. */
  readonly id: string;
  readonly traceId: string;
  /** The row this one is nested beneath (its request's `parentId`). */
  readonly parentId?: string;
  readonly time: number;
  /**
   * The component column: the request's or build's component (for a `static_response`, its
   * trigger id, as `spin up` lists it), or the components a reload changed.
   */
  readonly component: string;
  /** The method column: the HTTP method, or `RELOAD` / `BUILD`. */
  readonly method: string;
  /** The URL column: the outbound URL or inbound path and query; what a reload changed; a build's command. */
  readonly url: string;
  /** The outbound URL's host, or the inbound `Host` header; empty when unknown or not HTTP. */
  readonly host: string;
}

/**
 * One exchange in the traffic list: a request and whatever became of it. Rows are
 * immutable; an update makes a new row, so a keyed `{#each}` sees the change.
 */
export interface RequestRow extends RowBase {
  readonly kind: RequestRowKind;
  readonly request: RequestEvent;
  readonly response?: InboundResponseEvent | OutboundResponseEvent;
  readonly error?: InboundErrorEvent | OutboundErrorEvent;
  readonly denial?: OutboundDeniedEvent;
  readonly hop?: ChainHopEvent;
  readonly logs: readonly GuestLogEvent[];
}

/** A key-value, SQLite or other Spin host call a component made while serving a request, beneath that request. */
export interface HostCallRow extends RowBase {
  readonly kind: HostCallRowKind;
  readonly event: HostCallEvent;
}

/** The app reloaded, or failed to (re)load while any last good version kept serving. */
export interface ReloadRow extends RowBase {
  readonly kind: 'reload';
  readonly event: AppReloadedEvent | AppFailedEvent;
  /** Every component the reload restarted, removed or changed the allowed_outbound_hosts of. */
  readonly components: readonly string[];
}

/** A component's `build.command` run: started, the lines it printed so far, and how it ended. */
export interface BuildRow extends RowBase {
  readonly kind: 'build';
  readonly started: BuildStartedEvent;
  readonly output: readonly BuildOutputEvent[];
  /** Absent while the command runs. */
  readonly finished?: BuildFinishedEvent;
}

/** The request's body: on the request event, or, when it streamed, on the outcome once there is one. */
export function requestBodyOf(row: RequestRow): CapturedBody | undefined {
  return row.request.body ?? row.response?.requestBody ?? row.error?.requestBody;
}

/** A row of the traffic list. */
export type TrafficRow = RequestRow | HostCallRow | ReloadRow | BuildRow;

/** What the status column shows; undefined while a request or build is still running. */
export type RowStatus = number | 'DENIED' | 'ERROR' | 'OK' | 'FAILED' | undefined;

/** Whether `event` opens a row. */
export function isRowOpenEvent(event: SpinscopeEvent): event is RowOpenEvent {
  return isRequestEvent(event) || isHostCallEvent(event) || event.kind === 'app.reloaded' || event.kind === 'app.failed' || event.kind === 'build.started';
}

/** Whether `event` updates the row of its `parentId`. */
export function isRowUpdateEvent(event: SpinscopeEvent): event is RowUpdateEvent {
  return !isRowOpenEvent(event) && event.kind !== 'app.loaded' && event.kind !== 'app.warning';
}

/** Whether `row` is an HTTP exchange (the rows a HAR file holds). */
export function isRequestRow(row: TrafficRow): row is RequestRow {
  return row.kind === 'inbound' || row.kind === 'outbound' || row.kind === 'denied' || row.kind === 'chain';
}

/** Whether `row` is a key-value, SQLite or other host call. */
export function isHostCallRow(row: TrafficRow): row is HostCallRow {
  return row.kind === 'kv' || row.kind === 'sqlite' || row.kind === 'api';
}

/** Whether `row` is a denial: an HTTP request, a store or database, or another interface's address. */
export function isDenialRow(row: TrafficRow): boolean {
  return row.kind === 'denied' || (isHostCallRow(row) && isDeniedCall(row.event));
}

/** The row an event opens. */
export function openRow(event: RowOpenEvent): TrafficRow {
  switch (event.kind) {
    case 'app.reloaded':
    case 'app.failed':
      return openReloadRow(event);
    case 'build.started':
      return openBuildRow(event);
    case 'inbound.request':
    case 'outbound.request':
      return openRequestRow(event);
    default:
      return openHostCallRow(event);
  }
}

/** `row` with `event` (one of its completions, hops, log or output lines) applied; `row` itself when the event is not for its kind. */
export function updateRow(row: TrafficRow, event: RowUpdateEvent): TrafficRow {
  if (row.kind === 'build') return event.kind === 'build.output' || event.kind === 'build.finished' ? updateBuildRow(row, event) : row;
  if (!isRequestRow(row) || event.kind === 'build.output' || event.kind === 'build.finished') return row;
  switch (event.kind) {
    case 'inbound.response':
    case 'outbound.response':
      return { ...row, response: event };
    case 'inbound.error':
    case 'outbound.error':
      return { ...row, error: event };
    case 'outbound.denied':
      return { ...row, kind: 'denied', denial: event };
    case 'chain.hop':
      return { ...row, kind: row.kind === 'denied' ? 'denied' : 'chain', hop: event };
    case 'guest.log':
      return { ...row, logs: [...row.logs, event] };
  }
}

/** The events a row was folded from, the opening event first. */
export function rowEvents(row: TrafficRow): SpinscopeEvent[] {
  switch (row.kind) {
    case 'reload':
    case 'kv':
    case 'sqlite':
    case 'api':
      return [row.event];
    case 'build':
      return row.finished === undefined ? [row.started, ...row.output] : [row.started, ...row.output, row.finished];
    default: {
      const outcomes = [row.hop, row.response, row.error, row.denial].filter((event) => event !== undefined);
      return [row.request, ...outcomes, ...row.logs];
    }
  }
}

/** The outcome: the HTTP status, `DENIED` or `ERROR`; `OK` or `FAILED` for a reload or build; `OK`, `DENIED` or `ERROR` for a host call. */
export function rowStatus(row: TrafficRow): RowStatus {
  switch (row.kind) {
    case 'reload':
      return row.event.kind === 'app.reloaded' ? 'OK' : 'FAILED';
    case 'build':
      return row.finished === undefined ? undefined : row.finished.ok ? 'OK' : 'FAILED';
    case 'kv':
    case 'sqlite':
    case 'api':
      return isDeniedCall(row.event) ? 'DENIED' : isFailedCall(row.event) ? 'ERROR' : 'OK';
    default:
      if (row.denial) return 'DENIED';
      if (row.error) return 'ERROR';
      return row.response?.status;
  }
}

/** What the status column says: the HTTP status or outcome, and for a host call what it answered (`found`, `3 rows`, `access-denied`...). */
export function rowStatusText(row: TrafficRow): string {
  if (isHostCallRow(row)) return hostCallOutcome(row.event);
  return String(rowStatus(row) ?? '…');
}

/** Milliseconds the exchange, reload, build or host call took; undefined while pending (or unknown). */
export function rowDuration(row: TrafficRow): number | undefined {
  switch (row.kind) {
    case 'reload':
      return row.event.kind === 'app.reloaded' ? row.event.durationMs : undefined;
    case 'build':
      return row.finished?.durationMs;
    case 'kv':
    case 'sqlite':
    case 'api':
      return 'durationMs' in row.event ? row.event.durationMs : undefined;
    default: {
      if (row.response) return row.response.timings.end - row.response.timings.start;
      const failure = row.error ?? row.denial;
      return failure ? failure.time - row.time : undefined;
    }
  }
}

/** The response body's full size in bytes, if there is a response; the size of the value a key-value call read or wrote. */
export function rowSize(row: TrafficRow): number | undefined {
  if (isHostCallRow(row)) return row.event.kind === 'kv.operation' ? row.event.value?.size : undefined;
  return isRequestRow(row) ? row.response?.body.size : undefined;
}

/** The components a row concerns, for the component filter (a static response concerns none). */
export function rowComponents(row: TrafficRow): readonly string[] {
  if (row.kind === 'reload') return row.components;
  return isRequestRow(row) && row.request.kind === 'inbound.request' && row.request.staticTrigger !== undefined ? [] : [row.component];
}

function isRequestEvent(event: SpinscopeEvent): event is RequestEvent {
  return event.kind === 'inbound.request' || event.kind === 'outbound.request';
}

function openRequestRow(request: RequestEvent): RequestRow {
  const inbound = request.kind === 'inbound.request';
  const url = inbound ? request.pathWithQuery : request.url;
  const host = inbound ? (request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '') : hostOf(request.url);
  return {
    id: request.id,
    traceId: request.traceId,
    ...(request.parentId === undefined ? {} : { parentId: request.parentId }),
    kind: inbound ? 'inbound' : 'outbound',
    time: request.time,
    component: inbound ? (request.component ?? request.staticTrigger) : request.component,
    method: request.method,
    url,
    host,
    request,
    logs: [],
  };
}

/**
 * The row's own words the free-text filter searches, lower-cased: its method, URL,
 * component and status, and what else its kind shows (a denial's suggested entry, a host
 * call's interface, what a reload changed). Made when a text term first asks, not per event.
 */
export function rowOwnText(row: TrafficRow): string {
  switch (row.kind) {
    case 'reload':
      return reloadRowText(row);
    case 'build':
      return buildRowText(row);
    default:
      if (isHostCallRow(row)) return hostCallRowText(row);
      return [row.method, row.url, row.component, rowStatus(row) ?? '', row.denial?.explanation.suggestion ?? ''].join(' ').toLowerCase();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
