import type {
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
} from '../../runtime/api/events.js';

/** What a row of the traffic list stands for. */
export type RowKind = 'inbound' | 'outbound' | 'denied' | 'chain';

/** An event that opens a row. */
export type RequestEvent = InboundRequestEvent | OutboundRequestEvent;

/** An event that completes or annotates the row of its `parentId`. */
export type RowUpdateEvent =
  | InboundResponseEvent
  | InboundErrorEvent
  | OutboundResponseEvent
  | OutboundErrorEvent
  | OutboundDeniedEvent
  | ChainHopEvent
  | GuestLogEvent;

/**
 * One exchange in the traffic list: a request and whatever became of it. Rows are
 * immutable; an update makes a new row, so a keyed `{#each}` sees the change.
 */
export interface TrafficRow {
  /** The id of the request event. */
  readonly id: string;
  readonly traceId: string;
  /** The row this one is nested beneath (its request's `parentId`). */
  readonly parentId?: string;
  readonly kind: RowKind;
  readonly time: number;
  readonly component: string;
  readonly method: string;
  /** The outbound URL, or the inbound path and query. */
  readonly url: string;
  /** The outbound URL's host, or the inbound `Host` header; empty when unknown. */
  readonly host: string;
  readonly request: RequestEvent;
  readonly response?: InboundResponseEvent | OutboundResponseEvent;
  readonly error?: InboundErrorEvent | OutboundErrorEvent;
  readonly denial?: OutboundDeniedEvent;
  readonly hop?: ChainHopEvent;
  readonly logs: readonly GuestLogEvent[];
  /** Lower-case text the free-text filter searches. */
  readonly searchText: string;
}

/** Whether `event` opens a row. */
export function isRequestEvent(event: SpinscopeEvent): event is RequestEvent {
  return event.kind === 'inbound.request' || event.kind === 'outbound.request';
}

/** Whether `event` updates the row of its `parentId`. */
export function isRowUpdateEvent(event: SpinscopeEvent): event is RowUpdateEvent {
  return !isRequestEvent(event) && event.kind !== 'app.loaded' && event.kind !== 'app.failed';
}

/** The row a request event opens. */
export function openRow(request: RequestEvent): TrafficRow {
  const inbound = request.kind === 'inbound.request';
  const url = inbound ? request.pathWithQuery : request.url;
  const host = inbound ? (request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '') : hostOf(request.url);
  return withSearchText({
    id: request.id,
    traceId: request.traceId,
    ...(request.parentId === undefined ? {} : { parentId: request.parentId }),
    kind: inbound ? 'inbound' : 'outbound',
    time: request.time,
    component: request.component,
    method: request.method,
    url,
    host,
    request,
    logs: [],
    searchText: '',
  });
}

/** `row` with `event` (one of its completions, hops or log lines) applied. */
export function updateRow(row: TrafficRow, event: RowUpdateEvent): TrafficRow {
  switch (event.kind) {
    case 'inbound.response':
    case 'outbound.response':
      return withSearchText({ ...row, response: event });
    case 'inbound.error':
    case 'outbound.error':
      return withSearchText({ ...row, error: event });
    case 'outbound.denied':
      return withSearchText({ ...row, kind: 'denied', denial: event });
    case 'chain.hop':
      return { ...row, kind: row.kind === 'denied' ? 'denied' : 'chain', hop: event };
    case 'guest.log':
      return { ...row, logs: [...row.logs, event] };
  }
}

/** The events a row was folded from, request first. */
export function rowEvents(row: TrafficRow): SpinscopeEvent[] {
  const outcomes = [row.hop, row.response, row.error, row.denial].filter((event) => event !== undefined);
  return [row.request, ...outcomes, ...row.logs];
}

/** The status column: the HTTP status, `DENIED`, `ERROR`, or undefined while pending. */
export function rowStatus(row: TrafficRow): number | 'DENIED' | 'ERROR' | undefined {
  if (row.denial) return 'DENIED';
  if (row.error) return 'ERROR';
  return row.response?.status;
}

/** Milliseconds from request to the last response byte (or the failure); undefined while pending. */
export function rowDuration(row: TrafficRow): number | undefined {
  if (row.response) return row.response.timings.end - row.response.timings.start;
  const failure = row.error ?? row.denial;
  return failure ? failure.time - row.time : undefined;
}

/** The response body's full size in bytes, if there is a response. */
export function rowSize(row: TrafficRow): number | undefined {
  return row.response?.body.size;
}

function withSearchText(row: TrafficRow): TrafficRow {
  const status = rowStatus(row);
  const searchText = [row.method, row.url, row.component, status ?? '', row.denial?.explanation.suggestion ?? ''].join(' ').toLowerCase();
  return { ...row, searchText };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
