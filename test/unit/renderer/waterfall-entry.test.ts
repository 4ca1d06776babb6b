import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { barOutcome, splitUrl, waterfallTitle } from '../../../renderer/format/waterfall-entry.js';
import { openRow, updateRow, type TrafficRow } from '../../../runtime/traffic/traffic-row.js';
import { body } from './sample-events.js';

const base = { traceId: 't', time: 1000 };
const request: SpinscopeEvent = { ...base, kind: 'outbound.request', id: 'out', component: 'web', method: 'POST', url: 'http://api.test:8080/items/42?x=1', headers: [] };
const answered = (status: number): TrafficRow =>
  updateRow(openRow(request), { ...base, kind: 'outbound.response', id: 'res', parentId: 'out', component: 'web', url: 'http://api.test:8080/items/42?x=1', status, headers: [], body: body(''), timings: { start: 1000, headers: 1010, end: 1012 } });

describe('barOutcome', () => {
  it.each([[200, 'success'], [302, 'success'], [404, 'client-error'], [503, 'failed']])('colours a %i as %s', (status, outcome) => {
    expect(barOutcome(answered(status))).toBe(outcome);
  });

  it('colours a call that failed on the way (a DNS error) as failed, a denial as denied, a running one as pending', () => {
    const failed = updateRow(openRow(request), { ...base, kind: 'outbound.error', id: 'err', parentId: 'out', component: 'web', url: 'http://api.test:8080/', error: { name: 'Error', message: 'ENOTFOUND' }, guestError: 'DNS-error' });
    const denied = updateRow(openRow(request), { ...base, kind: 'outbound.denied', id: 'den', parentId: 'out', component: 'web', url: 'http://api.test:8080/', explanation: { url: 'http://api.test:8080/', allowed: false, nearMisses: [] } });
    expect([barOutcome(failed), barOutcome(denied), barOutcome(openRow(request))]).toEqual(['failed', 'denied', 'pending']);
  });
});

describe('splitUrl', () => {
  it('keeps the path apart from the origin, so calls to one host tell apart', () => {
    expect(splitUrl('http://api.test:8080/items/42?x=1')).toEqual({ origin: 'http://api.test:8080', path: '/items/42?x=1' });
    expect(splitUrl('http://backend.spin.internal')).toEqual({ origin: 'http://backend.spin.internal', path: '' });
  });

  it('leaves an inbound path or a host call as it is', () => {
    expect(splitUrl('/hello?name=x')).toEqual({ origin: '', path: '/hello?name=x' });
    expect(splitUrl('default get "visits"')).toEqual({ origin: '', path: 'default get "visits"' });
  });
});

describe('waterfallTitle', () => {
  it('says everything the cut label may hide', () => {
    expect(waterfallTitle(answered(404), 12)).toBe('web POST http://api.test:8080/items/42?x=1 · 404 · 12 ms');
    expect(waterfallTitle(openRow(request), undefined)).toBe('web POST http://api.test:8080/items/42?x=1 · pending');
  });
});
