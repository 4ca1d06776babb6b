import { describe, expect, it } from 'vitest';
import { Fields } from '../../../runtime/host/http-fields.js';
import type { Method, Scheme } from '../../../runtime/host/wit-http.js';
import { OutgoingRequest } from '../../../runtime/host/http-outgoing.js';
import { denyingLink } from '../../../runtime/host/outbound-link.js';
import { wasiHttp } from '../../../runtime/host/wasi-http.js';

// Every case below comes from the `http` crate 1.4.2 (its own tests in src/uri/authority.rs,
// path.rs, scheme.rs and method.rs, or its byte tables) or wasmtime-wasi-http's
// authority.rs tests; the issue's `a:1\@b:2` is the form the policy and undici read apart.

const ACCEPTED_AUTHORITIES = [
  'example.com',
  'example.com:443',
  '127.0.0.1:80',
  '[::1]',
  '[2001:db8::1]',
  '[::1]:443',
  '[fe80::1:2:3:4%25eth0]',
  'a%2f:b%2f@example.com:8080',
  'user@example.com',
  'a@b@example.com',
  // wasmtime's own filling-in of a relative URL (spec §9.40).
  ':443',
  // Rust's u16 parse takes a sign.
  'example.com:+80',
  "!$&'()*+,;=-._~.example",
];

const REFUSED_AUTHORITIES = [
  '',
  'a:1\\@b:2',
  'example.com/path',
  'example.com?query',
  'example.com#fragment',
  'exa mple.com',
  'exämple.com',
  'example.com\r\nx-injected: 1',
  'a"b',
  'a<b>',
  'a{b}',
  'a|b',
  'a^b',
  'a`b',
  'example%2f.com',
  'a%2f:b%2f@example%2f.com:80',
  '1234%20[fe80::1:2:3:4]',
  '[fe80::1:2:3:4]%20',
  '[0:1:2:3:4:5:6:7:8:9:10:11:12:13:14]',
  '[]@[',
  ']o[',
  '[::1',
  '::1]',
  '[[::1]]',
  'localhost:8080:3030',
  'user@',
  // wasmtime's port rule (`parse_authority`).
  'example.com:',
  'example.com:abc',
  'example.com:65536',
  '[::1]:abc',
  'user:pass@example.com',
];

const ACCEPTED_PATHS = [
  '/',
  '/hello/world&foo=bar',
  '/a%20b?r=1',
  '/a%%b?r=1',
  '/aa%2',
  '/🍕',
  '/test?pizza=🍕',
  '/{"bread":"baguette"}',
  '/a\\b|c[d]^e',
  '/?a\\b{c}`d',
  '?only=query',
  '#fragment',
  '/a#anything after a fragment, even a space or "quotes"',
  '*',
];

const REFUSED_PATHS = ['', 'relative', 'http://example.com/', '/a b', '/a\tb', '/a\r\nx-injected: 1', '/a\u007f', '/?a\u007f', '/a<b>', '/a`b', '/?q="x"', '/?a b', '/?a<b', '**'];

const ACCEPTED_SCHEMES = ['ftp', 'svn+ssh', 'a.b-c~', 'http', 'H77P', '', 'x'.repeat(64)];
const REFUSED_SCHEMES = ['http://', 'ht:tp', 'ht tp', 'a/b', 'é', 'x'.repeat(65)];

const ACCEPTED_METHODS = ['PURGE', 'GET', 'M-SEARCH', "!#$%&'*+-.^_`|~09AZaz"];
const REFUSED_METHODS = ['', 'GET /evil HTTP/1.1', 'GE\rT', 'GÉT', 'a(b)', 'a:b', 'a,b'];

const request = (): OutgoingRequest => new OutgoingRequest(new Fields());

describe('outgoing-request setters: what wasmtime-wasi-http accepts', () => {
  it.each(ACCEPTED_AUTHORITIES)('set-authority accepts %j', (authority) => {
    const outgoing = request();
    expect(outgoing.setAuthority(authority)).toEqual({ tag: 'ok', val: undefined });
    expect(outgoing.authority()).toBe(authority);
  });

  it.each(REFUSED_AUTHORITIES)('set-authority refuses %j and keeps the authority it had', (authority) => {
    const outgoing = request();
    outgoing.setAuthority('kept.example');
    expect(outgoing.setAuthority(authority)).toEqual({ tag: 'err', val: undefined });
    expect(outgoing.authority()).toBe('kept.example');
  });

  it.each(ACCEPTED_PATHS)('set-path-with-query accepts %j', (path) => {
    const outgoing = request();
    expect(outgoing.setPathWithQuery(path)).toEqual({ tag: 'ok', val: undefined });
    expect(outgoing.pathWithQuery()).toBe(path);
  });

  it.each(REFUSED_PATHS)('set-path-with-query refuses %j', (path) => {
    const outgoing = request();
    expect(outgoing.setPathWithQuery(path)).toEqual({ tag: 'err', val: undefined });
    expect(outgoing.pathWithQuery()).toBeUndefined();
  });

  it.each(ACCEPTED_SCHEMES)('set-scheme accepts other(%j)', (scheme) => {
    expect(request().setScheme({ tag: 'other', val: scheme })).toEqual({ tag: 'ok', val: undefined });
  });

  it.each(REFUSED_SCHEMES)('set-scheme refuses other(%j)', (scheme) => {
    const outgoing = request();
    expect(outgoing.setScheme({ tag: 'other', val: scheme })).toEqual({ tag: 'err', val: undefined });
    expect(outgoing.scheme()).toBeUndefined();
  });

  it.each(ACCEPTED_METHODS)('set-method accepts other(%j)', (method) => {
    expect(request().setMethod({ tag: 'other', val: method })).toEqual({ tag: 'ok', val: undefined });
  });

  it.each(REFUSED_METHODS)('set-method refuses other(%j)', (method) => {
    const outgoing = request();
    expect(outgoing.setMethod({ tag: 'other', val: method })).toEqual({ tag: 'err', val: undefined });
    expect(outgoing.method()).toEqual({ tag: 'get' });
  });

  it('accepts none for every option, and the unit cases of method and scheme', () => {
    const outgoing = request();
    const cases: [Method, Scheme | undefined][] = [[{ tag: 'connect' }, { tag: 'HTTP' }], [{ tag: 'patch' }, undefined]];
    for (const [method, scheme] of cases) {
      expect(outgoing.setMethod(method).tag).toBe('ok');
      expect(outgoing.setScheme(scheme).tag).toBe('ok');
    }
    expect(outgoing.setAuthority(undefined).tag).toBe('ok');
    expect(outgoing.setPathWithQuery(undefined).tag).toBe('ok');
  });
});

describe('outgoing-handler.handle', () => {
  const handle = wasiHttp(denyingLink())['wasi:http/outgoing-handler'] as { handle: (request: OutgoingRequest) => { tag: string; val: unknown } };

  it('fails with HTTP-protocol-error for any scheme but http and https, as wasmtime does before sending', () => {
    for (const scheme of ['ftp', 'http', '']) {
      const outgoing = request();
      outgoing.setScheme({ tag: 'other', val: scheme });
      outgoing.setAuthority('example.com');
      expect(handle.handle(outgoing)).toEqual({ tag: 'err', val: { tag: 'HTTP-protocol-error' } });
    }
  });
});
