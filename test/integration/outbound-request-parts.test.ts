import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

// The cases of wasi:http's error-code, in WIT order: the guest reports one as its index.
const ERROR_CODES = [
  'DNS-timeout', 'DNS-error', 'destination-not-found', 'destination-unavailable', 'destination-IP-prohibited',
  'destination-IP-unroutable', 'connection-refused', 'connection-terminated', 'connection-timeout',
  'connection-read-timeout', 'connection-write-timeout', 'connection-limit-reached', 'TLS-protocol-error',
  'TLS-certificate-error', 'TLS-alert-received', 'HTTP-request-denied', 'HTTP-request-length-required',
  'HTTP-request-body-size', 'HTTP-request-method-invalid', 'HTTP-request-URI-invalid', 'HTTP-request-URI-too-long',
  'HTTP-request-header-section-size', 'HTTP-request-header-size', 'HTTP-request-trailer-section-size',
  'HTTP-request-trailer-size', 'HTTP-response-incomplete', 'HTTP-response-header-section-size',
  'HTTP-response-header-size', 'HTTP-response-body-size', 'HTTP-response-trailer-section-size',
  'HTTP-response-trailer-size', 'HTTP-response-transfer-coding', 'HTTP-response-content-coding',
  'HTTP-response-timeout', 'HTTP-upgrade-failed', 'HTTP-protocol-error', 'loop-detected', 'configuration-error',
  'internal-error',
];

const manifest = (source: string): string => `spin_manifest_version = 2

[application]
name = "outbound-request-parts"

[variables]
upstream = { required = true }
closed = { required = true }

[[trigger.http]]
route = "/..."
component = "raw"

[component.raw]
source = ${JSON.stringify(source)}
allowed_outbound_hosts = ["http://{{ upstream }}", "http://{{ closed }}", "http://spinscope-nowhere.invalid"]
`;

/** A loopback server: ordinary requests get `saw <method> <url>`; a CONNECT gets whatever raw answer the test set. */
interface Upstream {
  readonly server: Server;
  readonly authority: string;
  readonly seen: { method: string; url: string; host: string | undefined }[];
  /** The bytes a CONNECT is answered with, head and body; the socket closes after them when `close` is set. */
  connectAnswer: { raw: string; close: boolean };
}

async function startUpstream(): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const note = (request: IncomingMessage): void => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', host: request.headers.host });
  };
  const server = createServer((request, response) => {
    note(request);
    response.end(`saw ${request.method} ${request.url}`);
  });
  const upstream: Upstream = { server, authority: '', seen, connectAnswer: { raw: 'HTTP/1.1 200 Connection Established\r\n\r\n', close: false } };
  server.on('connect', (request: IncomingMessage, socket: Socket) => {
    note(request);
    socket.on('error', () => undefined);
    // http.Server sockets stay half-open; close once the client has.
    socket.on('end', () => socket.destroy());
    const { raw, close } = upstream.connectAnswer;
    if (close) socket.end(raw);
    else socket.write(raw);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(upstream, { authority: `127.0.0.1:${(server.address() as AddressInfo).port}` });
}

describe("a guest's outgoing-request, built part by part (wasmtime-wasi-http's rules, Spin's answers)", () => {
  let dir: string;
  let running: RunningApp;
  let upstream: Upstream;
  let other: Upstream;
  let closedAuthority: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    other = await startUpstream();
    const closed = await startUpstream();
    closedAuthority = closed.authority;
    await new Promise((resolve) => closed.server.close(resolve));
    dir = await mkdtemp(join(tmpdir(), 'spinscope-request-parts-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildWatComponent('outbound-request', 'outbound-request')));
    running = await startApp(join(dir, 'spin.toml'), {
      listen: '127.0.0.1:0',
      cliVariables: { upstream: upstream.authority, closed: closedAuthority },
      timeoutMs: 10_000,
      engine: testEngineOptions(),
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    for (const each of [upstream, other]) each?.server.closeAllConnections();
    await Promise.all([upstream, other].map((each) => each && new Promise((resolve) => each.server.close(resolve))));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Has the guest build a request from `parts` (see outbound-request.wat) and reports what it said, with the trace's events. */
  async function send(parts: { method?: string; scheme?: string; authority?: string; path?: string }) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(parts)) headers[`x-${name}`] = value;
    const response = await fetch(`${running.url}/`, { headers });
    await response.arrayBuffer();
    const inbound = running.events.events().filter((event) => event.kind === 'inbound.request').at(-1);
    const trace: SpinscopeEvent[] = inbound ? (running.events.trace(inbound.traceId) ?? []) : [];
    const error = response.headers.get('x-error');
    return {
      status: response.status,
      set: response.headers.get('x-set'),
      error: error === null ? undefined : ERROR_CODES[Number(error)],
      upstreamStatus: response.headers.get('x-status'),
      body: response.headers.get('x-body'),
      kinds: trace.map((event) => event.kind),
      event: <K extends SpinscopeEvent['kind']>(kind: K) => trace.find((event): event is Extract<SpinscopeEvent, { kind: K }> => event.kind === kind),
    };
  }

  it('sends a request built from valid parts (the guest works)', async () => {
    const result = await send({ method: '0', scheme: '0', authority: upstream.authority, path: '/parts?x=1' });
    expect(result).toMatchObject({ set: '0000', upstreamStatus: '200', body: 'saw GET /parts?x=1' });
  });

  it('refuses an authority the policy and undici would read differently, so nothing is sent', async () => {
    // Spin's policy reads `a:1\` as userinfo and allows the upstream; a WHATWG parser
    // (undici's) reads `\` as the end of the authority and would go to the other server.
    const before = { upstream: upstream.seen.length, other: other.seen.length };
    const result = await send({ scheme: '0', authority: `${other.authority}\\@${upstream.authority}`, path: '/' });
    expect(result).toMatchObject({ status: 200, set: '-010' });
    expect(result.kinds).toEqual(['inbound.request', 'inbound.response']);
    expect({ upstream: upstream.seen.length, other: other.seen.length }).toEqual(before);
  });

  it.each([
    ['an empty port', { authority: '127.0.0.1:' }, '-010'],
    ['a space in the path', { path: '/a b' }, '-001'],
    ['a quote in the query', { path: '/?q="x"' }, '-001'],
    ['a path without a leading slash', { path: 'parts' }, '-001'],
    ['a method that is not a token', { method: '9GET /x' }, '1000'],
    ['a scheme with a colon', { scheme: '2http:' }, '-100'],
  ])('answers err for %s, as wasmtime does, and sends nothing', async (_name, parts, set) => {
    const result = await send({ scheme: '0', authority: upstream.authority, path: '/', ...parts });
    expect(result.set).toBe(set);
    expect(result.kinds).toEqual(['inbound.request', 'inbound.response']);
  });

  it('fails handle with HTTP-protocol-error for a scheme other than http or https, before any policy check', async () => {
    const result = await send({ scheme: '2ftp', authority: upstream.authority, path: '/' });
    expect(result).toMatchObject({ set: '-000', error: 'HTTP-protocol-error' });
    expect(result.kinds).toEqual(['inbound.request', 'inbound.response']);
  });

  it("answers a CONNECT's 2xx as Spin does: authority-form target, the status and headers, no body, the tunnel closed", async () => {
    upstream.connectAnswer = { raw: 'HTTP/1.1 200 Connection Established\r\nx-tunnel: open\r\n\r\n', close: false };
    const result = await send({ method: '5', scheme: '0', authority: upstream.authority });
    expect(result).toMatchObject({ set: '000-', upstreamStatus: '200', body: '' });
    expect(upstream.seen.at(-1)).toEqual({ method: 'CONNECT', url: upstream.authority, host: upstream.authority });
    expect(result.kinds).toEqual(['inbound.request', 'outbound.request', 'outbound.response', 'inbound.response']);
    expect(result.event('outbound.response')).toMatchObject({ status: 200, allowedBy: 'http://{{ upstream }}', headers: [['x-tunnel', 'open']] });
  });

  it("reads a CONNECT's non-2xx answer as an ordinary response, by its content-length", async () => {
    upstream.connectAnswer = { raw: 'HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 10\r\n\r\nno tunnels', close: false };
    const result = await send({ method: '5', scheme: '0', authority: upstream.authority });
    expect(result).toMatchObject({ upstreamStatus: '405', body: 'no tunnels' });
    expect(result.event('outbound.response')).toMatchObject({ status: 405, body: { size: 10 } });
  });

  it("reads a CONNECT's chunked answer, and one that ends when the server closes", async () => {
    upstream.connectAnswer = { raw: 'HTTP/1.1 403 Forbidden\r\ntransfer-encoding: chunked\r\n\r\n3;x=y\r\nnot\r\n8\r\n allowed\r\n0\r\n\r\n', close: false };
    expect(await send({ method: '5', scheme: '0', authority: upstream.authority })).toMatchObject({ upstreamStatus: '403', body: 'not allowed' });
    upstream.connectAnswer = { raw: 'HTTP/1.1 502 Bad Gateway\r\n\r\nno route', close: true };
    expect(await send({ method: '5', scheme: '0', authority: upstream.authority })).toMatchObject({ upstreamStatus: '502', body: 'no route' });
  });

  it("fails a CONNECT whose answer is cut short with connection-terminated, recorded as outbound.error", async () => {
    upstream.connectAnswer = { raw: 'HTTP/1.1 400 Bad Request\r\ncontent-length: 100\r\n\r\nshort', close: true };
    const result = await send({ method: '5', scheme: '0', authority: upstream.authority });
    // The head arrived, so the guest sees the failure reading the body; its read loop stops there.
    expect(result).toMatchObject({ upstreamStatus: '400', body: 'short' });
    expect(result.event('outbound.error')).toMatchObject({ guestError: 'connection-terminated', allowedBy: 'http://{{ upstream }}' });
  });

  it('records the allowing entry when an allowed request is refused or its host does not resolve', async () => {
    const refused = await send({ scheme: '0', authority: closedAuthority, path: '/' });
    expect(refused.error).toBe('connection-refused');
    expect(refused.event('outbound.error')).toMatchObject({ guestError: 'connection-refused', allowedBy: 'http://{{ closed }}' });
    const unresolved = await send({ scheme: '0', authority: 'spinscope-nowhere.invalid', path: '/' });
    expect(unresolved.error).toBe('DNS-error');
    expect(unresolved.event('outbound.error')).toMatchObject({ guestError: 'DNS-error', allowedBy: 'http://spinscope-nowhere.invalid' });
  });
});
