import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { DeniedError, outboundDispatcher, performOutboundWith, readBody, type DispatchInbound, type OutboundDispatchOptions, type OutboundDispatcherOptions } from '../../runtime/dispatcher/index.js';
import { EventStore } from '../../runtime/events/index.js';
import type { OutboundRequest, OutboundResult, Request } from '../../runtime/http/index.js';
import { AllowedHosts } from '../../runtime/permissions/index.js';

/** A real node:http server on 127.0.0.1:0 that remembers what reached it. */
interface Upstream {
  readonly origin: string;
  readonly port: number;
  readonly seen: { method: string; url: string; host: string | undefined }[];
  close(): Promise<void>;
}

async function startUpstream(respond: (request: IncomingMessage, response: ServerResponse) => void): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', host: request.headers.host });
    respond(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A real Agent that counts what it is asked to send, to show a request never reached the network. */
class CountingAgent extends Agent {
  dispatched = 0;
  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched += 1;
    return super.dispatch(opts, handler);
  }
}

const MiB = 1024 * 1024;
const TRACE = { traceId: '0af7651916cd43dd8448eb211c80319c', parentId: 'inbound-1' };
const noChaining: DispatchInbound = async () => {
  throw new Error('no chaining expected');
};

/** The parts a guest sets for `url`: scheme, authority and path with query, or the path alone for a relative request. */
function partsOf(url: string): Pick<OutboundRequest, 'scheme' | 'authority' | 'pathWithQuery'> {
  const absolute = /^(https?):\/\/([^/]*)(.*)$/.exec(url);
  if (absolute === null) return { pathWithQuery: url };
  return { scheme: absolute[1] as 'http' | 'https', authority: absolute[2], pathWithQuery: absolute[3] || '/' };
}

function get(url: string, headers: [string, string][] = []): OutboundRequest {
  return { method: 'GET', ...partsOf(url), headers, body: new Uint8Array() };
}

async function text(result: OutboundResult): Promise<string> {
  if (!('response' in result)) throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  return Buffer.from(await readBody(result.response.body)).toString();
}

describe('outbound dispatcher', () => {
  let upstream: Upstream;
  let store: EventStore;
  let agent: CountingAgent;
  const dispatchers: Dispatcher[] = [];

  beforeAll(async () => {
    upstream = await startUpstream((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/elsewhere' }).end('moved');
      } else if (request.url === '/count') {
        let size = 0;
        request.on('data', (chunk: Buffer) => (size += chunk.length));
        request.on('end', () => response.end(`received ${size} bytes`));
      } else if (request.url === '/no-headers') {
        // Never answers; the test's first-byte timeout must end the request.
      } else if (request.url === '/stalled-body') {
        response.writeHead(200);
        response.write('first chunk');
      } else if (request.url === '/huge') {
        response.end(Buffer.alloc(5 * MiB, 7));
      } else {
        response.end(`saw ${request.method} ${request.url} host=${request.headers.host}`);
      }
    });
  });
  afterAll(() => upstream.close());
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.close()));
    upstream.seen.length = 0;
  });

  function build(entries: string[], options: Partial<OutboundDispatcherOptions> = {}) {
    store = new EventStore();
    agent = new CountingAgent();
    const dispatcher = outboundDispatcher({
      policies: new Map([['web', AllowedHosts.parse(entries, { componentIds: ['web', 'back'] })]]),
      events: store,
      dispatchInbound: noChaining,
      agent,
      ...options,
    });
    dispatchers.push(dispatcher);
    return { dispatcher, perform: performOutboundWith(dispatcher, 'web', TRACE) };
  }

  const kinds = () => store.events().map((event) => event.kind);
  const only = <K extends SpinscopeEvent['kind']>(kind: K) => {
    const events = store.events({ kinds: [kind] });
    expect(events).toHaveLength(1);
    return events[0] as Extract<SpinscopeEvent, { kind: K }>;
  };

  it('sends an allowed GET to the server and records request and response events', async () => {
    const { perform } = build([upstream.origin]);
    const delivered = await text(await perform(get(`${upstream.origin}/data?x=1`)));
    expect(delivered).toBe(`saw GET /data?x=1 host=127.0.0.1:${upstream.port}`);
    expect(kinds()).toEqual(['outbound.request', 'outbound.response']);
    const request = only('outbound.request');
    expect(request).toMatchObject({ component: 'web', url: `${upstream.origin}/data?x=1`, method: 'GET', ...TRACE });
    const response = only('outbound.response');
    expect(response).toMatchObject({ status: 200, parentId: request.id, traceId: TRACE.traceId, body: { truncated: false } });
    expect(Buffer.from(response.body.captured).toString()).toBe(delivered);
    expect(response.timings.start).toBeLessThanOrEqual(response.timings.headers);
    expect(response.timings.headers).toBeLessThanOrEqual(response.timings.end);
  });

  it('records which allowed_outbound_hosts entry let the request out (the earliest that matches)', async () => {
    const { perform } = build(['https://example.com', 'http://127.0.0.1:*', upstream.origin]);
    await perform(get(`${upstream.origin}/data`));
    expect(only('outbound.response').allowedBy).toBe('http://127.0.0.1:*');
  });

  it('spec §9.41: records the self entry that let a relative request out', async () => {
    const { perform } = build(['https://example.com', 'http://self'], { selfOrigin: upstream.origin });
    await perform(get('/relative'));
    expect(only('outbound.response').allowedBy).toBe('http://self');
  });

  it('denies a host not in allowed_outbound_hosts without reaching the server', async () => {
    const { dispatcher, perform } = build(['https://example.com']);
    const result = await perform(get(`${upstream.origin}/secret`));
    expect(result).toEqual({ error: { tag: 'HTTP-request-denied' } });
    expect(upstream.seen).toHaveLength(0);
    expect(agent.dispatched).toBe(0);

    const denied = only('outbound.denied');
    expect(denied.explanation.suggestion).toBe(upstream.origin);
    // spec §12.54: the three lines spin up prints.
    expect(denied.spinLines).toEqual([
      `Outbound network destination not allowed: ${upstream.origin}`,
      `Warning: A component tried to make an outbound network connection to disallowed destination '${upstream.origin}'.`,
      `To allow this request, add 'allowed_outbound_hosts = ["${upstream.origin}"]' to the manifest component section.`,
    ]);

    const error = await dispatchForError(dispatcher, { origin: upstream.origin, path: '/secret', method: 'GET' });
    expect(error).toBeInstanceOf(DeniedError);
    expect(error).toMatchObject({ url: `${upstream.origin}/secret`, component: 'web', suggestion: upstream.origin, code: 'SPINSCOPE_DENIED' });
    expect(upstream.seen).toHaveLength(0);
  });

  it('denies a request that names no calling component, even through undici.request', async () => {
    const { dispatcher } = build([upstream.origin]);
    await expect(undiciRequest(`${upstream.origin}/anon`, { dispatcher })).rejects.toBeInstanceOf(DeniedError);
    expect(upstream.seen).toHaveLength(0);
  });

  it('spec §8.39: denies a port the entry does not name, with the port as the near miss', async () => {
    const { perform } = build(['http://127.0.0.1:1']);
    expect(await perform(get(`${upstream.origin}/`))).toEqual({ error: { tag: 'HTTP-request-denied' } });
    expect(only('outbound.denied').explanation.nearMisses).toEqual([{ entry: 'http://127.0.0.1:1', failed: 'port' }]);
  });

  it('spec §13.56: strips a guest-supplied Host header so the server sees the URL authority', async () => {
    const { perform } = build([upstream.origin]);
    const result = await perform(get(`${upstream.origin}/h`, [['Host', 'evil.example'], ['x-kept', 'yes']]));
    expect(await text(result)).toBe(`saw GET /h host=127.0.0.1:${upstream.port}`);
    // The event records what the guest sent; recording never changes the request.
    expect(only('outbound.request').headers).toEqual([['Host', 'evil.example'], ['x-kept', 'yes']]);
  });

  it('returns a 302 to the guest instead of following it', async () => {
    const { perform } = build([upstream.origin]);
    const result = await perform(get(`${upstream.origin}/redirect`));
    expect('response' in result && result.response.status).toBe(302);
    expect('response' in result && result.response.headers).toContainEqual(['location', '/elsewhere']);
    expect(upstream.seen.map((request) => request.url)).toEqual(['/redirect']);
  });

  it('spec §9.42: sends a relative request to the app origin once http://self allows it', async () => {
    const { perform } = build(['http://self'], { selfOrigin: upstream.origin });
    expect(await text(await perform(get('/self/path?q=1')))).toBe(`saw GET /self/path?q=1 host=127.0.0.1:${upstream.port}`);
    expect(await text(await perform(get('http://self.alt/alt')))).toBe(`saw GET /alt host=127.0.0.1:${upstream.port}`);
    // wasmtime fills in a relative URL as https://:443/path (spec §9.40).
    expect(await text(await perform(get('https://:443/filled')))).toBe(`saw GET /filled host=127.0.0.1:${upstream.port}`);
  });

  it('drops a fragment from the request target, relative or not, as hyper does', async () => {
    const { perform } = build(['http://self', upstream.origin], { selfOrigin: upstream.origin });
    expect(await text(await perform(get('/self?q=1#a fragment')))).toBe(`saw GET /self?q=1 host=127.0.0.1:${upstream.port}`);
    expect(await text(await perform(get(`${upstream.origin}/abs#a fragment`)))).toBe(`saw GET /abs host=127.0.0.1:${upstream.port}`);
  });

  it('spec §9.41: denies a relative request without a self entry, suggesting http://self', async () => {
    const { perform } = build([upstream.origin], { selfOrigin: upstream.origin });
    expect(await perform(get('/self'))).toEqual({ error: { tag: 'HTTP-request-denied' } });
    expect(upstream.seen).toHaveLength(0);
    const denied = only('outbound.denied');
    expect(denied.explanation.suggestion).toBe('http://self');
    expect(denied.spinLines?.[1]).toBe('Warning: A component tried to make an HTTP request to its own app but it does not have permission.');
  });

  it('spec §9.42: answers HTTP-request-URI-invalid for an allowed self request when the app has no origin', async () => {
    const { perform } = build(['http://self']);
    expect(await perform(get('/self'))).toEqual({ error: { tag: 'HTTP-request-URI-invalid' } });
    expect(only('outbound.error')).toMatchObject({ guestError: 'HTTP-request-URI-invalid', error: { code: 'SPINSCOPE_NO_SELF_ORIGIN' }, allowedBy: 'http://self' });
  });

  it('spec §10.44: hands a <id>.spin.internal request to the injected hook without opening a socket', async () => {
    const calls: { component: string; request: Request<Uint8Array | AsyncIterable<Uint8Array>>; parentId: string }[] = [];
    const dispatchInbound: DispatchInbound = async (component, request, trace) => {
      calls.push({ component, request, parentId: trace.parentId });
      return { status: 201, headers: [['x-from', component]], body: new TextEncoder().encode('chained') };
    };
    const { perform } = build(['http://*.spin.internal'], { dispatchInbound });
    const request: OutboundRequest = {
      method: 'POST',
      scheme: 'http',
      authority: 'back.spin.internal',
      pathWithQuery: '/api/items?x=1',
      headers: [['host', 'spoofed'], ['content-type', 'text/plain']],
      body: new TextEncoder().encode('payload'),
    };
    const result = await perform(request);
    expect(result).toMatchObject({ response: { status: 201, headers: [['x-from', 'back']] } });
    expect(await text(result)).toBe('chained');
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.component).toBe('back');
    expect(call?.request).toMatchObject({
      method: 'POST',
      pathWithQuery: '/api/items?x=1',
      scheme: 'http',
      authority: 'back.spin.internal',
      // spec §13.56: Host is removed before chaining too.
      headers: [['content-type', 'text/plain']],
    });
    expect(Buffer.from(call!.request.body as Uint8Array).toString()).toBe('payload');
    expect(agent.dispatched).toBe(0);

    const outbound = only('outbound.request');
    expect(call?.parentId).toBe(outbound.id);
    expect(only('chain.hop')).toMatchObject({ from: 'web', to: 'back', parentId: outbound.id, traceId: TRACE.traceId });
    expect(kinds()).toEqual(['outbound.request', 'chain.hop', 'outbound.response']);
  });

  it('spec §10.43: denies chaining to a component that does not exist when the entry is http://*.spin.internal', async () => {
    const { perform } = build(['http://*.spin.internal']);
    expect(await perform(get('http://nothere.spin.internal/'))).toEqual({ error: { tag: 'HTTP-request-denied' } });
  });

  it('spec §10.45: traps the caller when an allowed chaining target has no trigger', async () => {
    const { perform } = build(['*://*:*'], { dispatchInbound: async () => undefined });
    const result = await perform(get('http://ghost.spin.internal/'));
    expect(result).toEqual({ trap: expect.stringContaining("unknown routing destination 'ghost'") });
    expect(only('outbound.error').error.code).toBe('SPINSCOPE_UNKNOWN_CHAINING_TARGET');
    expect(agent.dispatched).toBe(0);
  });

  it('delivers a 5 MiB body in full while the event captures 1 MiB of it', async () => {
    const { perform } = build([upstream.origin]);
    const result = await perform(get(`${upstream.origin}/huge`));
    if (!('response' in result)) throw new Error('expected a response');
    const delivered = await readBody(result.response.body);
    expect(delivered.byteLength).toBe(5 * MiB);
    expect(delivered.every((byte) => byte === 7)).toBe(true);
    const { body } = only('outbound.response');
    expect(body.captured.byteLength).toBe(MiB);
    expect(body.size).toBe(5 * MiB);
    expect(body.truncated).toBe(true);
  });

  it('sends a request body unchanged while the event captures only the first 1 MiB', async () => {
    const { perform } = build([upstream.origin]);
    const body = new Uint8Array(2 * MiB).fill(3);
    const result = await perform({ method: 'POST', ...partsOf(`${upstream.origin}/count`), headers: [], body });
    expect(await text(result)).toBe(`received ${2 * MiB} bytes`);
    const recorded = only('outbound.request').body;
    expect(recorded).toMatchObject({ size: 2 * MiB, truncated: true });
    expect(recorded?.captured.byteLength).toBe(MiB);
  });

  it("enforces the guest's first-byte timeout (request-options) as Spin's connection-read-timeout", async () => {
    const { perform } = build([upstream.origin]);
    const request = { ...get(`${upstream.origin}/no-headers`), timeouts: { connectMs: undefined, firstByteMs: 100, betweenBytesMs: undefined } };
    expect(await perform(request)).toEqual({ error: { tag: 'connection-read-timeout' } });
  });

  it("enforces the guest's between-bytes timeout on a stalled response body, failing the body read", async () => {
    const { perform } = build([upstream.origin]);
    const request = { ...get(`${upstream.origin}/stalled-body`), timeouts: { connectMs: undefined, firstByteMs: undefined, betweenBytesMs: 100 } };
    const result = await perform(request);
    if (!('response' in result)) throw new Error(`expected the head before the stall, got ${JSON.stringify(result)}`);
    await expect(readBody(result.response.body)).rejects.toMatchObject({ errorCode: { tag: 'connection-read-timeout' } });
  });

  it('answers connection-refused when nothing listens on an allowed port', async () => {
    const closed = await startUpstream((_request, response) => response.end());
    await closed.close();
    const { perform } = build([closed.origin]);
    expect(await perform(get(`${closed.origin}/`))).toEqual({ error: { tag: 'connection-refused' } });
    expect(only('outbound.error')).toMatchObject({ guestError: 'connection-refused', error: { code: 'ECONNREFUSED' }, allowedBy: closed.origin });
  });

  it('records the allowing entry on an allowed request whose host name does not resolve', async () => {
    const { perform } = build(['http://spinscope-nowhere.invalid']);
    expect(await perform(get('http://spinscope-nowhere.invalid/'))).toEqual({ error: { tag: 'DNS-error', val: { rcode: 'address not available', infoCode: 0 } } });
    expect(only('outbound.error')).toMatchObject({ guestError: 'DNS-error', error: { code: 'ENOTFOUND' }, allowedBy: 'http://spinscope-nowhere.invalid' });
  });


  it('sends requests to two slow upstreams concurrently', async () => {
    const log: string[] = [];
    const slow = (name: string) =>
      startUpstream((_request, response) => {
        log.push(`${name} received`);
        setTimeout(() => {
          log.push(`${name} responded`);
          response.end(name);
        }, 300);
      });
    const [a, b] = await Promise.all([slow('a'), slow('b')]);
    try {
      const { perform } = build([a.origin, b.origin]);
      const results = await Promise.all([perform(get(`${a.origin}/`)), perform(get(`${b.origin}/`))]);
      expect(await Promise.all(results.map(text))).toEqual(['a', 'b']);
      // Both servers saw their request before either answered: neither waited for the other.
      expect(log.slice(0, 2).sort()).toEqual(['a received', 'b received']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

/** Dispatches directly and resolves with the error the handler received. */
function dispatchForError(dispatcher: Dispatcher, opts: Omit<OutboundDispatchOptions, 'spinscope'>): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const spinscope = { component: 'web', traceId: TRACE.traceId, requestId: 'raw-1' };
    dispatcher.dispatch({ ...opts, spinscope } as OutboundDispatchOptions, {
      onRequestStart: () => {},
      onResponseStart: () => resolve(undefined),
      onResponseError: (_controller, error) => resolve(error),
    });
  });
}
