import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRouter,
  InboundError,
  ListenError,
  startListener,
  type InboundHandler,
  type Listener,
  type TriggerRoute,
} from '../../../runtime/trigger/index.js';
import type { SpinscopeError } from '../../../runtime/errors/spinscope-error.js';

const table: TriggerRoute[] = [
  { component: 'users', route: { kind: 'path', pattern: '/users/:id/...' } },
  { component: 'hello', route: { kind: 'path', pattern: '/hello' } },
  { component: 'broken', route: { kind: 'path', pattern: '/broken' } },
  { component: 'dropping', route: { kind: 'path', pattern: '/dropping' } },
  { component: 'backend', route: { kind: 'private' } },
];

/** Answers with what it was given, so tests see exactly what a component would. */
const echo: InboundHandler = async (request) => {
  const componentId = request.route.component;
  if (componentId === 'broken') throw new Error('guest trapped');
  if (componentId === 'dropping') throw new InboundError('cannot send this', { path: request.pathWithQuery, outcome: 'dropped' });
  const body = JSON.stringify({
    componentId,
    method: request.method,
    pathWithQuery: request.pathWithQuery,
    authority: request.authority,
    headers: request.headers,
    body: new TextDecoder().decode(await bodyBytes(request.body)),
  });
  return { status: 201, headers: [['content-type', 'application/json'], ['x-echo', 'yes']], body: new TextEncoder().encode(body) };
};

async function bodyBytes(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

interface Echoed {
  componentId: string;
  method: string;
  pathWithQuery: string;
  authority: string;
  headers: [string, string][];
  body: string;
}

/** A raw node:http request, for headers fetch will not send; resolves to the status or the socket error. */
function rawRequest(listener: Listener, path: string, headers: Record<string, string>): Promise<{ status: number; body: string } | Error> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port: listener.address.port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', resolve);
    req.end();
  });
}

describe('the inbound listener on a real 127.0.0.1 socket', () => {
  let listener: Listener;
  const errors: SpinscopeError[] = [];

  beforeAll(async () => {
    listener = await startListener({
      router: buildRouter(table),
      handle: echo,
      listen: '127.0.0.1:0',
      appInfo: { name: 'echo-app', version: '1.0.0' },
      onError: (error) => errors.push(error),
    });
  });
  afterAll(() => listener.close());

  it('reports the port the OS chose for port 0', () => {
    expect(listener.address.address).toBe('127.0.0.1');
    expect(listener.address.port).toBeGreaterThan(0);
    expect(listener.url).toBe(`http://127.0.0.1:${listener.address.port}`);
  });

  it('routes a request, adds the spin-* headers and returns the handler response', async () => {
    const response = await fetch(`${listener.url}/users/42/posts?sort=new`, { method: 'POST', body: 'hi', headers: { 'X-Custom': 'v' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('yes');
    const echoed = (await response.json()) as Echoed;
    const headers = new Map(echoed.headers);
    expect(echoed).toMatchObject({ componentId: 'users', method: 'POST', pathWithQuery: '/users/42/posts?sort=new', body: 'hi' });
    expect(echoed.authority).toBe(`127.0.0.1:${listener.address.port}`);
    expect(headers.get('x-custom')).toBe('v');
    expect(headers.get('spin-full-url')).toBe(`${listener.url}/users/42/posts?sort=new`);
    expect(headers.get('spin-path-info')).toBe('/posts');
    expect(headers.get('spin-matched-route')).toBe('/users/:id/...');
    expect(headers.get('spin-component-route')).toBe('/users/:id');
    expect(headers.get('spin-raw-component-route')).toBe('/users/:id/...');
    expect(headers.get('spin-base-path')).toBe('/');
    expect(headers.get('spin-path-match-id')).toBe('42');
    expect(headers.get('spin-client-addr')).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('answers an unroutable path with an empty 404, as Spin does', async () => {
    const response = await fetch(`${listener.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it('never routes to a private component from outside (spec §10.46)', async () => {
    expect((await fetch(`${listener.url}/backend`)).status).toBe(404);
  });

  it('removes the Connection header before the component sees the request (spec §10.49)', async () => {
    const result = await rawRequest(listener, '/hello', { Connection: 'close', 'X-Keep': '1' });
    if (result instanceof Error) throw result;
    const names = (JSON.parse(result.body) as Echoed).headers.map(([name]) => name);
    expect(names).toContain('x-keep');
    expect(names).not.toContain('connection');
  });

  it('drops a routed request whose Host names a chaining host, as Spin is then left without an authority (spec §10.49)', async () => {
    const before = errors.length;
    const result = await rawRequest(listener, '/hello', { Host: 'backend.spin.internal' });
    expect(result).toBeInstanceOf(Error);
    expect(errors.slice(before).map((error) => error.message)).toEqual(["no 'Host' header present in request"]);
  });

  it('turns a failing handler into an empty 500 and reports it', async () => {
    const before = errors.length;
    const response = await fetch(`${listener.url}/broken`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    expect(errors.slice(before)).toMatchObject([{ code: 'SPINSCOPE_INBOUND', component: 'broken', outcome: 'internal-error' }]);
  });

  it('closes the connection without a response when the handler says Spin would drop it', async () => {
    const before = errors.length;
    expect(await rawRequest(listener, '/dropping', {})).toBeInstanceOf(Error);
    expect(errors.slice(before)).toMatchObject([{ message: 'cannot send this', component: 'dropping', outcome: 'dropped' }]);
  });

  it('sends whole bodies with a content-length, as hyper sends Spin\'s: never chunked', async () => {
    const framing = async (path: string, method = 'GET'): Promise<[number, string | undefined, string | undefined]> => {
      const response = await fetch(`${listener.url}${path}`, { method });
      return [response.status, response.headers.get('content-length') ?? undefined, response.headers.get('transfer-encoding') ?? undefined];
    };
    expect(await framing('/nowhere')).toEqual([404, '0', undefined]);
    expect(await framing('/broken')).toEqual([500, '0', undefined]);
    expect(await framing('/.well-known/spin/health')).toEqual([200, '2', undefined]);
    expect(await framing('/hello', 'HEAD')).toEqual([201, expect.stringMatching(/^\d+$/), undefined]);
    expect(await framing('/nowhere', 'HEAD')).toEqual([404, undefined, undefined]);
  });

  it('serves /.well-known/spin/health and info itself', async () => {
    const health = await fetch(`${listener.url}/.well-known/spin/health`);
    expect([health.status, await health.text()]).toEqual([200, 'OK']);
    const info = await fetch(`${listener.url}/.well-known/spin/info`);
    expect(await info.json()).toEqual({ name: 'echo-app', version: '1.0.0' });
    expect((await fetch(`${listener.url}/.well-known/spin/other`)).status).toBe(404);
  });

  it('hands the component the request body as it arrives: it can answer before the client has sent the rest', async () => {
    // The handler answers with the first chunk it reads; the client sends the rest only after that answer.
    const firstChunk: InboundHandler = async (request) => {
      if (request.body instanceof Uint8Array) throw new Error('expected a body still arriving');
      const iterator = request.body[Symbol.asyncIterator]();
      const first = await iterator.next();
      return { status: 200, headers: [], body: first.value as Uint8Array };
    };
    listener.replaceApp({ router: buildRouter([{ component: 'all', route: { kind: 'path', pattern: '/...' } }]), handle: firstChunk });
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: listener.address.port, path: '/upload', method: 'POST', agent: false }, (res) => {
          let body = '';
          res.setEncoding('latin1');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          req.end('rest');
        });
        req.on('error', reject);
        req.flushHeaders();
        req.write('first');
      });
      expect(answer).toEqual({ status: 200, body: 'first' });
    } finally {
      listener.replaceApp({ router: buildRouter(table), handle: echo, appInfo: { name: 'echo-app', version: '1.0.0' } });
    }
  });

  it('serves requests with a replaced app after a reload', async () => {
    listener.replaceApp({ router: buildRouter([{ component: 'all', route: { kind: 'path', pattern: '/...' } }]), handle: echo, appInfo: { name: 'next-app' } });
    const echoed = (await (await fetch(`${listener.url}/nowhere`)).json()) as Echoed;
    expect(echoed.componentId).toBe('all');
    expect(await (await fetch(`${listener.url}/.well-known/spin/info`)).json()).toEqual({ name: 'next-app' });
    listener.replaceApp({ router: buildRouter(table), handle: echo, appInfo: { name: 'echo-app', version: '1.0.0' } });
  });

  it('finishes a request on the app that routed it, holding that app until the response is written', async () => {
    let answer: (text: string) => void = () => undefined;
    const answered = new Promise<string>((resolve) => (answer = resolve));
    const held: string[] = [];
    const holding = (name: string) => () => {
      held.push(`+${name}`);
      return () => void held.push(`-${name}`);
    };
    const slow: InboundHandler = async () => ({ status: 200, headers: [], body: new TextEncoder().encode(await answered) });
    const fast: InboundHandler = async () => ({ status: 200, headers: [], body: new TextEncoder().encode('new') });
    const everything = buildRouter([{ component: 'all', route: { kind: 'path', pattern: '/...' } }]);
    listener.replaceApp({ router: everything, handle: slow, hold: holding('old') });
    const inFlight = fetch(`${listener.url}/slow`).then((response) => response.text());
    // The old app has routed the request once it holds it.
    await expect.poll(() => held).toEqual(['+old']);
    listener.replaceApp({ router: everything, handle: fast, hold: holding('new') });
    expect(await (await fetch(`${listener.url}/fast`)).text()).toBe('new');
    answer('old');
    expect(await inFlight).toBe('old');
    await expect.poll(() => held).toEqual(['+old', '+new', '-new', '-old']);
    listener.replaceApp({ router: buildRouter(table), handle: echo, appInfo: { name: 'echo-app', version: '1.0.0' } });
  });
});

describe('binding the listen address', () => {
  it('refuses a port in use, pointing at --listen with port 0', async () => {
    const first = await startListener({ router: buildRouter([]), handle: echo, listen: '127.0.0.1:0' });
    const taken = `127.0.0.1:${first.address.port}`;
    try {
      await expect(startListener({ router: buildRouter([]), handle: echo, listen: taken })).rejects.toThrow(
        new ListenError(`${taken} is already in use. Stop what is using it, or serve on another address with --listen (e.g. --listen 127.0.0.1:0 for any free port).`, taken),
      );
      const next = await startListener({ router: buildRouter([]), handle: echo, listen: taken, findFreePort: true });
      expect(next.address.port).toBeGreaterThan(first.address.port);
      await next.close();
    } finally {
      await first.close();
    }
  });
});
