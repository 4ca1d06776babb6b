import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { timingBreakdown } from '../../../renderer/format/timing-breakdown.js';
import { isRequestRow, isRowOpenEvent, openRow, updateRow, type RequestRow } from '../../../runtime/traffic/traffic-row.js';
import { body } from './sample-events.js';

/** The row `events` fold into: the first opens it, the rest update it. */
function rowOf(...events: SpinscopeEvent[]): RequestRow {
  const [first, ...rest] = events;
  if (first === undefined || !isRowOpenEvent(first)) throw new Error('the first event must open a row');
  let row = openRow(first);
  for (const event of rest) if (!isRowOpenEvent(event) && event.kind !== 'app.loaded' && event.kind !== 'app.warning') row = updateRow(row, event);
  if (!isRequestRow(row)) throw new Error('not a request row');
  return row;
}

const base = { traceId: 't', time: 1000 };
const outbound: SpinscopeEvent = { ...base, kind: 'outbound.request', id: 'out', parentId: 'in', component: 'web', method: 'GET', url: 'https://api.test/x', headers: [] };
const timings = { start: 1000, headers: 1010, end: 1012 };

describe('timingBreakdown', () => {
  it("lays out an outbound call's phases one after another, labelled, totalled", () => {
    const row = rowOf(outbound, {
      ...base, kind: 'outbound.response', id: 'res', parentId: 'out', component: 'web', url: 'https://api.test/x', status: 200, headers: [], body: body(''), timings,
      phases: { policy: 0.5, blocked: 0.5, dns: 2, connect: 1, tls: 3, send: 0.25, wait: 4, receive: 0.75 },
    });
    const breakdown = timingBreakdown(row)!;
    expect(breakdown.phases.map(({ name, offset, duration }) => [name, offset, duration])).toEqual([
      ['policy', 0, 0.5], ['blocked', 0.5, 0.5], ['dns', 1, 2], ['connect', 3, 1], ['tls', 4, 3], ['send', 7, 0.25], ['wait', 7.25, 4], ['receive', 11.25, 0.75],
    ]);
    expect(breakdown.phases.map((phase) => phase.label)).toEqual([
      'Policy check (allowed_outbound_hosts)', 'Waiting for a connection', 'DNS lookup', 'Initial connection', 'TLS handshake', 'Request sent', 'Waiting for the response head (TTFB)', 'Content download',
    ]);
    expect(breakdown.total).toBe(12);
    expect(breakdown.phases.some((phase) => phase.failed)).toBe(false);
    expect(breakdown.note).toBeUndefined();
  });

  it('says a call on a kept-alive connection reused it', () => {
    const row = rowOf(outbound, {
      ...base, kind: 'outbound.response', id: 'res', parentId: 'out', component: 'web', url: 'https://api.test/x', status: 200, headers: [], body: body(''), timings,
      phases: { policy: 0.5, blocked: 0.5, send: 0.25, wait: 4, receive: 0.75, reused: true },
    });
    expect(timingBreakdown(row)?.phases.map((phase) => phase.name)).toEqual(['policy', 'blocked', 'send', 'wait', 'receive']);
    expect(timingBreakdown(row)?.note).toBe('Reused a kept-alive connection: no DNS lookup, connection or TLS handshake.');
  });

  it('marks the phase a failed call failed in', () => {
    const row = rowOf(outbound, {
      ...base, kind: 'outbound.error', id: 'err', parentId: 'out', component: 'web', url: 'https://api.test/x',
      error: { name: 'Error', message: 'getaddrinfo ENOTFOUND api.test', code: 'ENOTFOUND' }, guestError: 'DNS-error', phases: { policy: 0.5, blocked: 0.5, dns: 9 },
    });
    expect(timingBreakdown(row)?.phases.map(({ name, failed }) => [name, failed])).toEqual([['policy', false], ['blocked', false], ['dns', true]]);
  });

  it("shows a denial's policy check as its only phase", () => {
    const row = rowOf(outbound, {
      ...base, kind: 'outbound.denied', id: 'den', parentId: 'out', component: 'web', url: 'https://api.test/x',
      explanation: { url: 'https://api.test/x', allowed: false, nearMisses: [] }, phases: { policy: 0.3 },
    });
    expect(timingBreakdown(row)).toMatchObject({ phases: [{ name: 'policy', failed: false }], total: 0.3, note: 'Denied by the policy check: nothing was sent.' });
  });

  it('lays out an inbound request as queueing, instance start and the guest run', () => {
    const inbound: SpinscopeEvent = { ...base, kind: 'inbound.request', id: 'in', component: 'web', method: 'GET', pathWithQuery: '/', headers: [], body: body('') };
    const respond = (instanceStart: number): RequestRow =>
      rowOf(inbound, {
        ...base, kind: 'inbound.response', id: 'res', parentId: 'in', component: 'web', status: 200, headers: [], body: body(''), timings,
        phases: { queueing: 1, instanceStart, guestHeaders: 6, guestBody: 2 },
      });
    expect(timingBreakdown(respond(3))).toMatchObject({
      phases: [
        { name: 'queueing', label: 'Queueing (waiting for a worker)', offset: 0, duration: 1 },
        { name: 'instanceStart', label: 'Instance start', offset: 1, duration: 3 },
        { name: 'guestHeaders', label: 'Guest run, until the response head', offset: 4, duration: 6 },
        { name: 'guestBody', label: 'Guest run, writing the body', offset: 10, duration: 2 },
      ],
      total: 12,
    });
    expect(timingBreakdown(respond(0))?.note).toBe('No instance start: a spare instance was ready.');
  });

  it('has no breakdown for a request recorded without phases', () => {
    const row = rowOf(outbound, { ...base, kind: 'outbound.response', id: 'res', parentId: 'out', component: 'web', url: 'https://api.test/x', status: 200, headers: [], body: body(''), timings });
    expect(timingBreakdown(row)).toBeUndefined();
  });
});
