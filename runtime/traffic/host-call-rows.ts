import type { HostUnsupportedEvent, KeyValueEvent, OutboundDeniedEvent, SpinscopeEvent, SqliteEvent, StoreDeniedEvent } from '../api/events.js';
import type { HostCallRow, HostCallRowKind } from './traffic-row.js';

/** A connection a redis, postgres, mysql or mqtt guest tried to open, denied by allowed_outbound_hosts. */
export type InterfaceDeniedEvent = OutboundDeniedEvent & { readonly interface: string };

/** A Spin host call besides HTTP: each is a row of its own beneath the inbound request it served. */
export type HostCallEvent = KeyValueEvent | SqliteEvent | StoreDeniedEvent | HostUnsupportedEvent | InterfaceDeniedEvent;

/** Whether `event` is a host call (an HTTP `outbound.denied` is not: it completes its request's row). */
export function isHostCallEvent(event: SpinscopeEvent): event is HostCallEvent {
  switch (event.kind) {
    case 'kv.operation':
    case 'kv.denied':
    case 'sqlite.operation':
    case 'sqlite.denied':
    case 'host.unsupported':
      return true;
    case 'outbound.denied':
      return event.interface !== undefined;
    default:
      return false;
  }
}

/** Whether the call was denied: a store or database not granted, or an address allowed_outbound_hosts refused. */
export function isDeniedCall(event: HostCallEvent): event is StoreDeniedEvent | InterfaceDeniedEvent {
  return event.kind === 'kv.denied' || event.kind === 'sqlite.denied' || event.kind === 'outbound.denied';
}

/** Whether the guest got an error back (a denial included). */
export function isFailedCall(event: HostCallEvent): boolean {
  return isDeniedCall(event) || event.kind === 'host.unsupported' || event.error !== undefined;
}

/** The row of a host call. It never changes: the event says everything once the call has returned. */
export function openHostCallRow(event: HostCallEvent): HostCallRow {
  const url = subjectOf(event);
  const method = methodOf(event);
  const outcome = hostCallOutcome(event);
  return {
    id: event.id,
    traceId: event.traceId,
    ...(event.parentId === undefined ? {} : { parentId: event.parentId }),
    kind: rowKindOf(event),
    // The runtime publishes a call when it returns (runtime/host/store-calls.ts): the row starts when the call did.
    time: 'durationMs' in event ? event.time - event.durationMs : event.time,
    component: event.component,
    method,
    url,
    host: addressOf(event),
    event,
  };
}

/** A host call row's words for the free-text filter (see `rowOwnText`). */
export function hostCallRowText(row: HostCallRow): string {
  const { event } = row;
  return [row.method, row.url, event.component, event.interface, hostCallOutcome(event), event.kind === 'kv.operation' ? 'kv key-value' : ''].join(' ').toLowerCase();
}

/**
 * The status column of a host call, in a word or two: `found` / `not found`, `3 rows`,
 * `true`, the new value of an `increment`; the WIT error case the guest got
 * (`access-denied`, `io`...); `DENIED`; `unsupported`.
 */
export function hostCallOutcome(event: HostCallEvent): string {
  switch (event.kind) {
    case 'kv.denied':
    case 'sqlite.denied':
    case 'outbound.denied':
      return 'DENIED';
    case 'host.unsupported':
      return 'unsupported';
    case 'kv.operation':
      return event.error?.tag ?? event.result ?? 'ok';
    case 'sqlite.operation':
      if (event.error) return event.error.tag;
      if (event.columns !== undefined && event.columns.length > 0) return countOf(event.rowCount ?? event.rows?.length ?? 0, 'row');
      return event.result ?? 'ok';
  }
}

/** The interface's name without its package and version: `fermyon:spin/redis@2.0.0` → `redis`. */
export function interfaceName(iface: string): string {
  return iface.replace(/^.*\//, '').replace(/@.*$/, '');
}

function rowKindOf(event: HostCallEvent): HostCallRowKind {
  if (event.kind === 'kv.operation' || event.kind === 'kv.denied') return 'kv';
  if (event.kind === 'sqlite.operation' || event.kind === 'sqlite.denied') return 'sqlite';
  return 'api';
}

function methodOf(event: HostCallEvent): string {
  const kind = rowKindOf(event);
  if (kind === 'kv') return 'KV';
  if (kind === 'sqlite') return 'SQL';
  return interfaceName(event.interface).toUpperCase();
}

/** What the URL column says the call was about: `default get "counter"`, `default SELECT …`, an address. */
function subjectOf(event: HostCallEvent): string {
  switch (event.kind) {
    case 'kv.operation':
      return [event.store, event.operation, keyList(event.keys ?? [])].filter((part) => part !== '').join(' ');
    case 'sqlite.operation':
      return `${event.database} ${event.statement === undefined ? event.operation : event.statement.replace(/\s+/g, ' ').trim()}`;
    case 'kv.denied':
    case 'sqlite.denied':
      return `${event.label} open`;
    case 'host.unsupported':
      return event.address === undefined ? event.function : `${event.function} ${event.address}`;
    case 'outbound.denied':
      return event.url;
  }
}

/** The first keys, quoted, and how many more there are. */
function keyList(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((key) => JSON.stringify(key));
  return keys.length > shown.length ? `${shown.join(', ')} +${keys.length - shown.length}` : shown.join(', ');
}

function addressOf(event: HostCallEvent): string {
  const address = event.kind === 'outbound.denied' ? event.url : event.kind === 'host.unsupported' ? event.address : undefined;
  if (address === undefined) return '';
  // Spin also accepts a bare `host:port` for these interfaces (spec §7.35).
  const host = URL.parse(address)?.host;
  return host === undefined || host === '' ? address : host;
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
