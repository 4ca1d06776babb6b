import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { recordedCalls } from '../../../runtime/session/recorded-calls.js';

const base = (id: string, parentId?: string) => ({ id, time: 1, traceId: 't1', ...(parentId === undefined ? {} : { parentId }) });
const request = (id: string, url: string): SpinscopeEvent => ({ kind: 'outbound.request', ...base(id), component: 'web', method: 'POST', url, headers: [] });
const denied = (id: string, parentId: string, url: string, iface?: string): SpinscopeEvent => ({
  kind: 'outbound.denied',
  ...base(id, parentId),
  component: 'web',
  url,
  explanation: { url, allowed: false, nearMisses: [] },
  ...(iface === undefined ? {} : { interface: iface }),
});
const unsupported = (id: string, iface: string, address: string, allowedBy: string): SpinscopeEvent => ({
  kind: 'host.unsupported',
  ...base(id, 'in'),
  component: 'web',
  interface: iface,
  function: '[static]connection.open',
  address,
  allowedBy,
  error: { tag: 'connection-failed', message: 'not supported' },
});

describe('recordedCalls', () => {
  it('decides an HTTP request by the event naming it as parent: a denial, an outcome with its entry, or none yet (allowed)', () => {
    const error: SpinscopeEvent = { kind: 'outbound.error', ...base('e', 'r2'), component: 'web', url: 'http://b.test/', allowedBy: 'http://*.test', error: { name: 'Error', message: 'refused' }, guestError: 'connection-refused' };
    const { calls } = recordedCalls([request('r1', 'http://a.test/'), denied('d', 'r1', 'http://a.test/'), request('r2', 'http://b.test/'), error, request('r3', '/self')]);
    expect(calls.map(({ call, defaultScheme, recorded }) => [call.id, call.method, call.url, defaultScheme, recorded])).toEqual([
      ['r1', 'POST', 'http://a.test/', 'https', { allowed: false }],
      ['r2', 'POST', 'http://b.test/', 'https', { allowed: true, allowedBy: 'http://*.test' }],
      ['r3', 'POST', '/self', 'https', { allowed: true }],
    ]);
  });

  it("reads a network interface's connection with the interface's default scheme (spec §7.35), and pins the entries of a postgres one", () => {
    const session = recordedCalls([
      denied('d1', 'in', '127.0.0.1:6380', 'fermyon:spin/redis@2.0.0'),
      unsupported('u1', 'spin:mysql/mysql@3.0.0', 'mysql://127.0.0.1/db', 'mysql://127.0.0.1'),
      unsupported('u2', 'spin:postgres/postgres@4.2.0', 'host=a.test,b.test', 'postgres://a.test, postgres://*.test'),
    ]);
    expect(session.calls.map(({ call, defaultScheme, recorded }) => [call.method, call.url, defaultScheme, recorded.allowed])).toEqual([
      ['fermyon:spin/redis@2.0.0', '127.0.0.1:6380', 'redis', false],
      ['spin:mysql/mysql@3.0.0', 'mysql://127.0.0.1/db', 'mysql', true],
    ]);
    expect(session.pinned.get('web')).toEqual(new Set(['postgres://a.test', 'postgres://*.test']));
  });
});
