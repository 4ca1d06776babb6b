import type { CapturedBody, SpinscopeEvent } from '../runtime/api/events.js';

/** Events per trace {@link trafficEvents} makes; each trace is three rows of the list. */
export const EVENTS_PER_TRACE = 6;
/** Rows of the traffic list per trace: the inbound request, an allowed call, a denied call. */
export const ROWS_PER_TRACE = 3;

const EMPTY: CapturedBody = { captured: new Uint8Array(), size: 0, truncated: false };
const JSON_BODY = new TextEncoder().encode('{"id":1,"name":"item"}');

/**
 * `traces` traces as a Spin app records them: an inbound request answered 200, an
 * allowed outbound call with its response, and a call `allowed_outbound_hosts` denied.
 * Ids are prefixed with `run` so several runs can share one store.
 */
export function trafficEvents(traces: number, run: string, start = Date.now()): SpinscopeEvent[] {
  const events: SpinscopeEvent[] = [];
  for (let i = 0; i < traces; i++) {
    const traceId = `${run}-${i}`;
    const id = (suffix: string) => `${traceId}-${suffix}`;
    const time = start + i;
    const api = `http://127.0.0.1:8080/items/${i}`;
    events.push(
      { kind: 'inbound.request', id: id('in'), traceId, time, component: 'frontend', method: 'GET', pathWithQuery: `/items/${i}?view=full`, headers: [['host', '127.0.0.1:3000'], ['accept', 'application/json']], body: EMPTY },
      { kind: 'outbound.request', id: id('api'), traceId, parentId: id('in'), time: time + 1, component: 'frontend', method: 'GET', url: api, headers: [['accept', 'application/json']] },
      { kind: 'outbound.response', id: id('api-res'), traceId, parentId: id('api'), time: time + 3, component: 'frontend', url: api, status: 200, headers: [['content-type', 'application/json']], body: { captured: JSON_BODY, size: JSON_BODY.length, truncated: false }, timings: { start: time + 1, headers: time + 2, end: time + 3 } },
      { kind: 'outbound.request', id: id('blocked'), traceId, parentId: id('in'), time: time + 4, component: 'frontend', method: 'GET', url: 'https://blocked.example.test/', headers: [] },
      {
        kind: 'outbound.denied', id: id('denied'), traceId, parentId: id('blocked'), time: time + 4, component: 'frontend', url: 'https://blocked.example.test/',
        explanation: { url: 'https://blocked.example.test/', allowed: false, nearMisses: [], suggestion: 'https://blocked.example.test', denial: { reason: 'not-allowed', message: 'no allowed_outbound_hosts entry matches https://blocked.example.test' } },
      },
      { kind: 'inbound.response', id: id('in-res'), traceId, parentId: id('in'), time: time + 5, component: 'frontend', status: 200, headers: [['content-type', 'application/json']], body: { captured: JSON_BODY, size: JSON_BODY.length, truncated: false }, timings: { start: time, headers: time + 4, end: time + 5 } },
    );
  }
  return events;
}
