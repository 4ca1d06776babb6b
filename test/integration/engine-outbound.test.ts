import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundRequest, PerformOutbound } from '../../runtime/http/index.js';
import { outboundUrl } from '../support/outbound-url.js';
import { buildComponent } from '../support/build-component.js';
import { loadTestEngine, type TestEngine } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

/** Sends with the platform fetch (undici), standing in for the policy-enforcing dispatcher. */
const sendWithFetch: PerformOutbound = async (request) => {
  if (!(request.body instanceof Uint8Array)) throw new Error('this stand-in sends only whole bodies');
  const body = request.body.byteLength > 0 ? request.body : null;
  const response = await fetch(outboundUrl(request), { method: request.method, headers: request.headers, body });
  return {
    response: {
      status: response.status,
      headers: [...response.headers],
      body: new Uint8Array(await response.arrayBuffer()),
    },
  };
};

describe('outbound HTTP from a guest', () => {
  let upstream: Server;
  let upstreamUrl: string;
  let probe: string;
  const seen: (OutboundRequest & { url: string })[] = [];
  const engines: TestEngine[] = [];

  const load = async (performOutbound: PerformOutbound): Promise<TestEngine> => {
    const engine = await loadTestEngine(probe, {}, { outbound: performOutbound });
    engines.push(engine);
    return engine;
  };
  const fetchThroughGuest = (engine: TestEngine, target: string, query = '') =>
    engine.handle({ method: 'GET', pathWithQuery: `/fetch?url=${encodeURIComponent(target)}${query}`, headers: [], body: new Uint8Array() });

  beforeAll(async () => {
    upstream = createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      response.end(`upstream saw ${request.method} ${request.url}${body ? ` with ${body}` : ''}`);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    probe = await buildComponent('probe');
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('performs the request on the main thread through the injected function', async () => {
    const engine = await load(async (request) => {
      seen.push({ ...request, url: outboundUrl(request) });
      return sendWithFetch(request);
    });
    const response = await fetchThroughGuest(engine, `${upstreamUrl}/data?x=1`);
    expect(Buffer.from(response.body).toString()).toBe('upstream said 200: upstream saw GET /data?x=1');
    expect(seen).toEqual([expect.objectContaining({ method: 'GET', url: `${upstreamUrl}/data?x=1` })]);
    expect(seen[0]?.headers).toContainEqual(['x-from-guest', 'yes']);
  });

  it('sends the request body the guest writes after handing the request over', async () => {
    const engine = await load(sendWithFetch);
    const response = await fetchThroughGuest(engine, `${upstreamUrl}/submit`, '&method=POST&body=hello%20upstream');
    expect(Buffer.from(response.body).toString()).toBe('upstream said 200: upstream saw POST /submit with hello upstream');
  });

  it("hands the injected function's error code to the guest, whose fetch then fails", async () => {
    const engine = await load(async () => ({ error: { tag: 'HTTP-request-denied' } }));
    const response = await fetchThroughGuest(engine, `${upstreamUrl}/denied`);
    expect(response.status).toBe(500);
    expect(response.stderr).toContain('NetworkError when attempting to fetch resource');
  });

  it('denies every outbound request when no function is injected', async () => {
    const engine = await loadTestEngine(probe);
    engines.push(engine);
    const response = await fetchThroughGuest(engine, `${upstreamUrl}/default`);
    expect(response.status).toBe(500);
  });
});
