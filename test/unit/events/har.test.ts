import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { toHar, type HarEntry } from '../../../runtime/events/index.js';

const START = Date.UTC(2026, 0, 2, 3, 4, 5);
const bytes = (text: string) => {
  const captured = new TextEncoder().encode(text);
  return { captured, size: captured.length, truncated: false };
};

const events: SpinscopeEvent[] = [
  { kind: 'inbound.request', id: 'in', time: START, traceId: 't', component: 'frontend', method: 'POST', pathWithQuery: '/items?x=1&y=2', headers: [['host', '127.0.0.1:3000'], ['content-type', 'application/json']], body: bytes('{"a":1}') },
  { kind: 'outbound.request', id: 'out', time: START + 2, traceId: 't', parentId: 'in', component: 'frontend', method: 'GET', url: 'http://127.0.0.1:8080/img', headers: [] },
  { kind: 'outbound.response', id: 'out-res', time: START + 10, traceId: 't', parentId: 'out', component: 'frontend', url: 'http://127.0.0.1:8080/img', status: 200, headers: [['content-type', 'image/png']], body: { captured: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), size: 4, truncated: false }, timings: { start: START + 2, headers: START + 6, end: START + 10 } },
  { kind: 'outbound.request', id: 'blocked', time: START + 11, traceId: 't', parentId: 'in', component: 'frontend', method: 'GET', url: 'https://blocked.example.test/', headers: [] },
  {
    kind: 'outbound.denied', id: 'denied', time: START + 12, traceId: 't', parentId: 'blocked', component: 'frontend', url: 'https://blocked.example.test/',
    explanation: { url: 'https://blocked.example.test/', allowed: false, nearMisses: [], suggestion: 'https://blocked.example.test', denial: { reason: 'not-allowed', message: 'no allowed_outbound_hosts entry matches https://blocked.example.test' } },
  },
  { kind: 'guest.log', id: 'log', time: START + 13, traceId: 't', parentId: 'in', component: 'frontend', stream: 'stdout', line: 'hi' },
  { kind: 'inbound.response', id: 'in-res', time: START + 20, traceId: 't', parentId: 'in', component: 'frontend', status: 201, headers: [['content-type', 'text/plain; charset=utf-8']], body: bytes('created'), timings: { start: START, headers: START + 18, end: START + 20 } },
];

// The fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/), which Chrome DevTools needs to import a file.
const REQUIRED_ENTRY = ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'];
const REQUIRED_REQUEST = ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'];
const REQUIRED_RESPONSE = ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'];
const REQUIRED_TIMINGS = ['send', 'wait', 'receive'];

describe('toHar', () => {
  const har = toHar(events, { creatorVersion: '9.9.9' });
  const [inbound, image, denied] = har.log.entries as [HarEntry, HarEntry, HarEntry];

  it('writes a HAR 1.2 log with every required field on every entry', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Spinscope', version: '9.9.9' });
    expect(har.log.entries).toHaveLength(3);
    for (const entry of har.log.entries) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(REQUIRED_ENTRY));
      expect(Object.keys(entry.request)).toEqual(expect.arrayContaining(REQUIRED_REQUEST));
      expect(Object.keys(entry.response)).toEqual(expect.arrayContaining(REQUIRED_RESPONSE));
      expect(Object.keys(entry.response.content)).toEqual(expect.arrayContaining(['size', 'mimeType']));
      expect(Object.keys(entry.timings)).toEqual(expect.arrayContaining(REQUIRED_TIMINGS));
      expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
    }
    expect(JSON.parse(JSON.stringify(har))).toEqual(har);
  });

  it('makes an inbound request an absolute URL with its query string and posted body', () => {
    expect(inbound.startedDateTime).toBe('2026-01-02T03:04:05.000Z');
    expect(inbound.time).toBe(20);
    expect(inbound.request.url).toBe('http://127.0.0.1:3000/items?x=1&y=2');
    expect(inbound.request.queryString).toEqual([{ name: 'x', value: '1' }, { name: 'y', value: '2' }]);
    expect(inbound.request.postData).toEqual({ mimeType: 'application/json', text: '{"a":1}' });
    expect(inbound.response).toMatchObject({ status: 201, content: { size: 7, mimeType: 'text/plain; charset=utf-8', text: 'created' } });
    // Recorded without phases: only waiting for the head and receiving the body are known.
    expect(inbound.timings).toEqual({ blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 18, receive: 2 });
    expect(inbound._spinscope).toEqual({ kind: 'inbound', component: 'frontend', traceId: 't' });
  });

  it('uses the app origin for inbound URLs when given one', () => {
    const entry = toHar(events, { creatorVersion: '1', origin: 'http://localhost:9999' }).log.entries[0];
    expect(entry?.request.url).toBe('http://localhost:9999/items?x=1&y=2');
  });

  it('gives a chained inbound request its spin.internal URL, not the listener origin', () => {
    const chained: SpinscopeEvent = { kind: 'inbound.request', id: 'chained', time: START, traceId: 't', component: 'backend', method: 'GET', pathWithQuery: '/greeting?x=1', headers: [], body: bytes(''), chainedFrom: 'frontend' };
    const entry = toHar([chained], { creatorVersion: '1', origin: 'http://localhost:9999' }).log.entries[0];
    expect(entry?.request.url).toBe('http://backend.spin.internal/greeting?x=1');
  });

  it('base64-encodes binary response bodies', () => {
    expect(image.response.content).toEqual({ size: 4, mimeType: 'image/png', text: 'iVBORw==', encoding: 'base64' });
    expect(image.request.bodySize).toBe(-1);
    expect(image._spinscope.parentId).toBe('in');
  });

  it('exports a denial as status 0 with the error and the entry to add', () => {
    expect(denied.response.status).toBe(0);
    expect(denied.response._error).toBe('no allowed_outbound_hosts entry matches https://blocked.example.test');
    expect(denied._spinscope).toMatchObject({ kind: 'denied', suggestion: 'https://blocked.example.test' });
  });

  it('exports a component that trapped as the 500 its caller got, with the trap as the error', () => {
    const trapped = toHar([
      { kind: 'inbound.request', id: 'x', time: START, traceId: 'u', component: 'web', method: 'GET', pathWithQuery: '/throw', headers: [], body: bytes('') },
      { kind: 'inbound.error', id: 'x-err', time: START + 5, traceId: 'u', parentId: 'x', component: 'web', error: { code: 'SPINSCOPE_GUEST_TRAP', name: 'GuestTrap', message: 'guest threw on purpose' }, stderr: '' },
    ], { creatorVersion: '9.9.9' }).log.entries[0];
    expect(trapped?.response).toMatchObject({ status: 500, _error: 'GuestTrap: guest threw on purpose', content: { size: 0 } });
  });

  it('fills timings from the recorded phases, the entry time being their sum', () => {
    const phased = events.map((event) => {
      if (event.kind === 'inbound.response') return { ...event, phases: { queueing: 1.5, instanceStart: 0.5, guestHeaders: 15, guestBody: 2 } };
      if (event.kind === 'outbound.response') return { ...event, phases: { policy: 0.2, blocked: 0.3, connect: 1, tls: 2, send: 0.5, wait: 3, receive: 1 } };
      if (event.kind === 'outbound.denied') return { ...event, phases: { policy: 0.4 } };
      return event;
    });
    const [inbound, image, denied] = toHar(phased, { creatorVersion: '1' }).log.entries as [HarEntry, HarEntry, HarEntry];
    expect(inbound.timings).toEqual({ blocked: 2, dns: -1, connect: -1, ssl: -1, send: 0, wait: 15, receive: 2, _queueing: 1.5, _instanceStart: 0.5 });
    expect(inbound.time).toBe(19);
    // HAR counts ssl inside connect too; dns does not apply to an IP address.
    expect(image.timings).toEqual({ blocked: 0.5, dns: -1, connect: 3, ssl: 2, send: 0.5, wait: 3, receive: 1, _policy: 0.2 });
    expect(image.time).toBe(8);
    expect(denied.timings).toEqual({ blocked: 0.4, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0, _policy: 0.4 });
    expect(denied.time).toBe(0.4);
  });

  it('notes a body truncated at the capture limit', () => {
    const big = events.map((event) => (event.kind === 'inbound.response' ? { ...event, body: { ...event.body, size: 5_000_000, truncated: true } } : event));
    expect(toHar(big, { creatorVersion: '1' }).log.entries[0]?.response.content.comment).toBe('truncated at 7 of 5000000 bytes');
  });
});
