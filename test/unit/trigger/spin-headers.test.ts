import { describe, expect, it } from 'vitest';
import {
  buildRouter,
  CHAINED_CLIENT_ADDR,
  formatSocketAddress,
  prepareRequestHeaders,
  spinHeaders,
  syntheticRouteMatch,
  type RouteMatch,
} from '../../../runtime/trigger/index.js';

function matchFor(route: string, path: string): RouteMatch {
  const match = buildRouter([{ component: 'DUMMY', route: { kind: 'path', pattern: route } }]).route(path);
  if (match === undefined) throw new Error(`${route} does not match ${path}`);
  return match;
}

describe("Spin's inbound spin-* headers (trigger-http headers.rs tests)", () => {
  it('computes the default headers for a wildcard route', () => {
    const headers = spinHeaders({
      match: matchFor('/foo/...', '/foo/bar'),
      scheme: 'https',
      host: 'fermyon.dev',
      pathWithQuery: '/foo/bar?key1=value1&key2=value2',
      clientAddr: '127.0.0.1:8777',
    });
    expect(headers).toEqual([
      ['spin-path-info', '/bar'],
      ['spin-full-url', 'https://fermyon.dev/foo/bar?key1=value1&key2=value2'],
      ['spin-matched-route', '/foo/...'],
      ['spin-base-path', '/'],
      ['spin-raw-component-route', '/foo/...'],
      ['spin-component-route', '/foo'],
      ['spin-client-addr', '127.0.0.1:8777'],
    ]);
  });

  it('adds one spin-path-match-<name> header per named segment', () => {
    const headers = new Map(
      spinHeaders({
        match: matchFor('/foo/:userid/...', '/foo/42/bar'),
        scheme: 'https',
        host: 'fermyon.dev',
        pathWithQuery: '/foo/42/bar?key1=value1&key2=value2',
        clientAddr: '127.0.0.1:8777',
      }),
    );
    expect(headers.get('spin-full-url')).toBe('https://fermyon.dev/foo/42/bar?key1=value1&key2=value2');
    expect(headers.get('spin-path-info')).toBe('/bar');
    expect(headers.get('spin-matched-route')).toBe('/foo/:userid/...');
    expect(headers.get('spin-raw-component-route')).toBe('/foo/:userid/...');
    expect(headers.get('spin-component-route')).toBe('/foo/:userid');
    expect(headers.get('spin-path-match-userid')).toBe('42');
  });

  it('lower-cases capture names and turns _ into -', () => {
    const names = spinHeaders({
      match: matchFor('/:User_ID/:x', '/7/8'),
      scheme: 'http',
      host: 'localhost:3000',
      pathWithQuery: '/7/8',
      clientAddr: '127.0.0.1:1',
    }).map(([name]) => name);
    expect(names).toContain('spin-path-match-user-id');
    expect(names).toContain('spin-path-match-x');
  });

  it('writes localhost into the full URL when the request has no Host header', () => {
    const headers = new Map(
      spinHeaders({ match: matchFor('/', '/'), scheme: 'http', host: undefined, pathWithQuery: '/?q=1', clientAddr: '127.0.0.1:1' }),
    );
    expect(headers.get('spin-full-url')).toBe('http://localhost/?q=1');
    expect(headers.get('spin-matched-route')).toBe('');
    expect(headers.get('spin-component-route')).toBe('/');
  });

  it('gives a chained request the synthetic /... route, full path info and 0.0.0.0:0 (spec §10.44)', () => {
    const headers = spinHeaders({
      match: syntheticRouteMatch('backend', '/api/items'),
      scheme: 'http',
      host: undefined,
      pathWithQuery: '/api/items?page=2',
      clientAddr: CHAINED_CLIENT_ADDR,
    });
    expect(headers).toEqual([
      ['spin-path-info', '/api/items'],
      ['spin-full-url', 'http://localhost/api/items?page=2'],
      ['spin-matched-route', '/...'],
      ['spin-base-path', '/'],
      ['spin-raw-component-route', '/...'],
      ['spin-component-route', ''],
      ['spin-client-addr', '0.0.0.0:0'],
    ]);
  });
});

describe('the header list a component receives', () => {
  it("keeps the request's headers, lower-cased and in order, then appends Spin's", () => {
    const headers = prepareRequestHeaders(
      [
        ['Host', 'example.test:3000'],
        ['Accept', 'a'],
        ['accept', 'b'],
        ['spin-path-info', 'forged'],
      ],
      { match: matchFor('/...', '/x'), scheme: 'http', pathWithQuery: '/x', clientAddr: '127.0.0.1:5' },
    );
    expect(headers.slice(0, 4)).toEqual([
      ['host', 'example.test:3000'],
      ['accept', 'a'],
      ['accept', 'b'],
      ['spin-path-info', 'forged'],
    ]);
    expect(headers.filter(([name]) => name === 'spin-path-info')).toEqual([
      ['spin-path-info', 'forged'],
      ['spin-path-info', '/x'],
    ]);
    expect(new Map(headers.slice(4)).get('spin-full-url')).toBe('http://example.test:3000/x');
  });

  it('prints IPv6 client addresses in brackets, as Rust does', () => {
    expect(formatSocketAddress('::1', 8080)).toBe('[::1]:8080');
    expect(formatSocketAddress('127.0.0.1', 8080)).toBe('127.0.0.1:8080');
  });
});
