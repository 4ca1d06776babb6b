/**
 * The outbound calls of a session, read back from its events with the decision recorded
 * for each: HTTP requests (`outbound.request`, denied when an `outbound.denied` names it
 * as parent, else allowed by the `allowedBy` of its outcome) and the connections of
 * Spin's network interfaces (redis, mysql, mqtt, postgres), whose address the policy
 * checks with the interface's own default scheme (spec §7.35).
 */
import type { CallDecision, RecordedCall } from '../api/contract.js';
import type { SpinscopeEvent } from '../api/events.js';

/** The events the calls are read from; ask the event store for these kinds. */
export const CALL_EVENT_KINDS = ['outbound.request', 'outbound.denied', 'outbound.response', 'outbound.error', 'host.unsupported'] as const;

/** One recorded call, the scheme its URL is read with, and its recorded decision. */
export interface CheckedCall {
  readonly call: RecordedCall;
  readonly defaultScheme: string;
  readonly recorded: CallDecision;
}

/** The calls of a session, and per component the entries recorded as allowing a connection that cannot be checked again. */
export interface SessionCalls {
  readonly calls: readonly CheckedCall[];
  /** A postgres connection string may name several hosts; only the entries that let them through are known. */
  readonly pinned: ReadonlyMap<string, ReadonlySet<string>>;
}

// The default scheme each network interface checks its address with (spin-redis.ts, spin-postgres.ts, unsupported-calls.ts).
const INTERFACE_SCHEME = /^(?:fermyon:spin|spin:\w+)\/(redis|mysql|mqtt|postgres)\b/;

/** Reads the calls out of `events`, in recording order. */
export function recordedCalls(events: Iterable<SpinscopeEvent>): SessionCalls {
  const calls: { call: RecordedCall; defaultScheme: string; recorded: CallDecision }[] = [];
  // An HTTP request is decided by the event after it: a denial or an outcome naming it as parent.
  const requests = new Map<string, (typeof calls)[number]>();
  const pinned = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.kind === 'outbound.request') {
      // An allowed request whose outcome is not recorded (yet) passed the check all the same.
      const call = { call: { id: event.id, traceId: event.traceId, component: event.component, method: event.method, url: event.url }, defaultScheme: 'https', recorded: { allowed: true } };
      requests.set(event.id, call);
      calls.push(call);
    } else if (event.kind === 'outbound.response' || event.kind === 'outbound.error' || event.kind === 'outbound.denied') {
      const request = event.parentId === undefined ? undefined : requests.get(event.parentId);
      if (request !== undefined) request.recorded = event.kind === 'outbound.denied' ? { allowed: false } : allowedBy(event.allowedBy);
      else if (event.kind === 'outbound.denied' && event.interface !== undefined) {
        const scheme = interfaceScheme(event.interface);
        if (scheme !== undefined) calls.push({ call: connection(event, event.interface, event.url), defaultScheme: scheme, recorded: { allowed: false } });
      }
    } else if (event.kind === 'host.unsupported' && event.address !== undefined && event.allowedBy !== undefined) {
      const scheme = interfaceScheme(event.interface);
      if (scheme === 'postgres') {
        const entries = pinned.get(event.component) ?? new Set<string>();
        for (const entry of event.allowedBy.split(', ')) entries.add(entry);
        pinned.set(event.component, entries);
      } else if (scheme !== undefined) {
        calls.push({ call: connection(event, event.interface, event.address), defaultScheme: scheme, recorded: allowedBy(event.allowedBy) });
      }
    }
  }
  return { calls, pinned };
}

function interfaceScheme(iface: string): string | undefined {
  return INTERFACE_SCHEME.exec(iface)?.[1];
}

function allowedBy(entry: string | undefined): CallDecision {
  return entry === undefined ? { allowed: true } : { allowed: true, allowedBy: entry };
}

function connection(event: { id: string; traceId: string; component: string }, iface: string, url: string): RecordedCall {
  return { id: event.id, traceId: event.traceId, component: event.component, method: iface, url };
}
