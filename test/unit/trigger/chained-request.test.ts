import { describe, expect, it } from 'vitest';
import { buildRouter, parseRequestTarget, prepareChainedRequest, RouteError, type TriggerRoute } from '../../../runtime/trigger/index.js';

const table: TriggerRoute[] = [
  { component: 'front', route: { kind: 'path', pattern: '/...' } },
  { component: 'back', route: { kind: 'private' } },
];

describe('spec §10.44 a chained request as the target component receives it', () => {
  const request = prepareChainedRequest(buildRouter(table), 'back', {
    method: 'PUT',
    scheme: 'https',
    authority: 'back.spin.internal',
    pathWithQuery: '/api/items?page=2',
    headers: [['Accept', 'application/json'], ['Connection', 'keep-alive']],
    body: new Uint8Array([1, 2]),
  });

  it('uses the synthetic /... route with the whole path as path info', () => {
    const headers = new Map(request.headers);
    expect(headers.get('spin-path-info')).toBe('/api/items');
    expect(headers.get('spin-matched-route')).toBe('/...');
    expect(headers.get('spin-component-route')).toBe('');
  });

  it('reports client 0.0.0.0:0, scheme http and localhost in the full URL', () => {
    const headers = new Map(request.headers);
    expect(headers.get('spin-client-addr')).toBe('0.0.0.0:0');
    expect(headers.get('spin-full-url')).toBe('http://localhost/api/items?page=2');
    expect(request).toMatchObject({ scheme: 'http', authority: 'back.spin.internal', pathWithQuery: '/api/items?page=2', method: 'PUT' });
  });

  it('keeps the guest headers, Connection included: only network requests are stripped', () => {
    expect(request.headers.slice(0, 2)).toEqual([
      ['accept', 'application/json'],
      ['connection', 'keep-alive'],
    ]);
  });

  it('fails for a component outside the trigger table (spec §10.45)', () => {
    expect(() =>
      prepareChainedRequest(buildRouter(table), 'ghost', { method: 'GET', scheme: 'http', authority: 'ghost.spin.internal', pathWithQuery: '/', headers: [], body: new Uint8Array() }),
    ).toThrow(RouteError);
  });
});

describe('request targets, split as hyper splits them', () => {
  it.each([
    ['/a/b?c=d', '/a/b', '/a/b?c=d', undefined],
    ['/a/../b', '/a/../b', '/a/../b', undefined],
    ['http://host:3000/x?y', '/x', '/x?y', 'host:3000'],
    ['/a#frag', '/a', '/a', undefined],
  ])('%j has path %j, path and query %j, authority %j', (target, path, pathWithQuery, authority) => {
    expect(parseRequestTarget(target)).toEqual({ path, pathWithQuery, authority });
  });
});
