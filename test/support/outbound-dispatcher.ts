/**
 * What the outbound dispatcher's tests share: a real upstream on 127.0.0.1, a real Agent
 * that counts what reaches the network, and the dispatcher built around them for the
 * calling component `web` (which may chain to `back`), its events in a fresh store.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { outboundDispatcher, performOutboundWith, type DispatchInbound, type OutboundDispatchOptions, type OutboundDispatcherOptions } from '../../runtime/dispatcher/index.js';
import { EventStore } from '../../runtime/events/index.js';
import type { OutboundRequest, OutboundResult, PerformOutbound } from '../../runtime/http/index.js';
import { AllowedHosts } from '../../runtime/permissions/index.js';
import { readBody } from './read-body.js';

/** A real node:http server on 127.0.0.1:0 that remembers what reached it. */
export interface Upstream {
  readonly origin: string;
  readonly port: number;
  readonly seen: { method: string; url: string; host: string | undefined }[];
  close(): Promise<void>;
}

export async function startUpstream(respond: (request: IncomingMessage, response: ServerResponse) => void): Promise<Upstream> {
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
export class CountingAgent extends Agent {
  dispatched = 0;
  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched += 1;
    return super.dispatch(opts, handler);
  }
}

export const MiB = 1024 * 1024;
export const TRACE = { traceId: '0af7651916cd43dd8448eb211c80319c', parentId: 'inbound-1' };
const noChaining: DispatchInbound = async () => {
  throw new Error('no chaining expected');
};

/** The parts a guest sets for `url`: scheme, authority and path with query, or the path alone for a relative request. */
export function partsOf(url: string): Pick<OutboundRequest, 'scheme' | 'authority' | 'pathWithQuery'> {
  const absolute = /^(https?):\/\/([^/]*)(.*)$/.exec(url);
  if (absolute === null) return { pathWithQuery: url };
  return { scheme: absolute[1] as 'http' | 'https', authority: absolute[2], pathWithQuery: absolute[3] || '/' };
}

export function get(url: string, headers: [string, string][] = []): OutboundRequest {
  return { method: 'GET', ...partsOf(url), headers, body: new Uint8Array() };
}

export async function text(result: OutboundResult): Promise<string> {
  if (!('response' in result)) throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  return Buffer.from(await readBody(result.response.body)).toString();
}

/** Dispatches directly and resolves with the error the handler received. */
export function dispatchForError(dispatcher: Dispatcher, opts: Omit<OutboundDispatchOptions, 'spinscope'>): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const spinscope = { component: 'web', traceId: TRACE.traceId, requestId: 'raw-1' };
    dispatcher.dispatch({ ...opts, spinscope } as OutboundDispatchOptions, {
      onRequestStart: () => {},
      onResponseStart: () => resolve(undefined),
      onResponseError: (_controller, error) => resolve(error),
    });
  });
}

/** The harness of one describe block: its upstream, this test's agent, and the dispatchers it built. */
export interface OutboundDispatcherHarness {
  readonly upstream: Upstream;
  /** This test's agent: the one the next {@link build} sends through. */
  readonly agent: CountingAgent;
  /** The dispatcher for `web` with `entries` as its allowed_outbound_hosts, and `web`'s requests in the trace {@link TRACE}. */
  build(entries: string[], options?: Partial<OutboundDispatcherOptions>): { dispatcher: Dispatcher; perform: PerformOutbound };
  /** The kinds of the events recorded so far, in order. */
  kinds(): SpinscopeEvent['kind'][];
  /** The one event of `kind` recorded so far (fails the test unless there is exactly one). */
  only<K extends SpinscopeEvent['kind']>(kind: K): Extract<SpinscopeEvent, { kind: K }>;
}

/**
 * Sets up, for the calling describe block, an upstream that answers `/redirect` with a 302,
 * counts a POST to `/count`, never answers `/no-headers`, stalls after the first chunk of
 * `/stalled-body`, sends 5 MiB for `/huge` and otherwise says what it saw; a fresh agent
 * and event store for every test; and closes all of it.
 */
export function useOutboundDispatcher(): OutboundDispatcherHarness {
  let upstream: Upstream | undefined;
  let store = new EventStore();
  let agent = new CountingAgent();
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
  afterAll(() => upstream?.close());
  beforeEach(() => {
    store = new EventStore();
    agent = new CountingAgent();
  });
  afterEach(async () => {
    // Closing a dispatcher closes its agent; an agent no dispatcher was built around is closed here.
    if (dispatchers.length === 0) await agent.close();
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.close()));
    if (upstream !== undefined) upstream.seen.length = 0;
  });

  return {
    get upstream() {
      if (upstream === undefined) throw new Error('the upstream starts in beforeAll');
      return upstream;
    },
    get agent() {
      return agent;
    },
    build(entries, options = {}) {
      const dispatcher = outboundDispatcher({
        policies: new Map([['web', AllowedHosts.parse(entries, { componentIds: ['web', 'back'] })]]),
        events: store,
        dispatchInbound: noChaining,
        agent,
        ...options,
      });
      dispatchers.push(dispatcher);
      return { dispatcher, perform: performOutboundWith(dispatcher, 'web', TRACE) };
    },
    kinds: () => store.events().map((event) => event.kind),
    only: <K extends SpinscopeEvent['kind']>(kind: K) => {
      const events = store.events({ kinds: [kind] });
      expect(events).toHaveLength(1);
      return events[0] as Extract<SpinscopeEvent, { kind: K }>;
    },
  };
}
