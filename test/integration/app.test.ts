import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';
import { probeManifest } from '../support/probe-project.js';

const BUILD_TIMEOUT_MS = 180_000;

/** A loopback server that counts its hits and answers with the path it saw. */
async function startUpstream(): Promise<{ server: Server; origin: string; hits: () => number; hosts: string[] }> {
  let hits = 0;
  const hosts: string[] = [];
  const server = createServer((request, response) => {
    hits += 1;
    hosts.push(request.headers.host ?? '');
    response.end(`upstream saw ${request.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, hosts };
}

describe('startApp serves a Spin app from real components (spin up)', () => {
  let dir: string;
  let running: RunningApp;
  let allowed: Awaited<ReturnType<typeof startUpstream>>;
  let forbidden: Awaited<ReturnType<typeof startUpstream>>;

  const get = async (path: string) => {
    const response = await fetch(`${running.url}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const traceOf = (event: SpinscopeEvent | undefined): SpinscopeEvent[] => (event ? (running.events.trace(event.traceId) ?? []) : []);
  const lastInbound = (): SpinscopeEvent | undefined => running.events.events().filter((e) => e.kind === 'inbound.request').at(-1);

  beforeAll(async () => {
    allowed = await startUpstream();
    forbidden = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'spinscope-app-'));
    await writeFile(join(dir, 'spin.toml'), probeManifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), {
      listen: '127.0.0.1:0',
      cliVariables: { upstream: new URL(allowed.origin).host },
      timeoutMs: 2_000,
      engine: testEngineOptions(),
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    allowed?.server.close();
    forbidden?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('routes an inbound request to its component and records it as one trace', async () => {
    expect(await get('/hello?x=1')).toEqual({ status: 200, text: 'hello from /hello?x=1' });
    const trace = traceOf(lastInbound());
    expect(trace.map((e) => e.kind)).toEqual(['inbound.request', 'inbound.response']);
    expect(trace[0]).toMatchObject({ component: 'frontend', method: 'GET', pathWithQuery: '/hello?x=1' });
  });

  it('lets an allowed outbound request reach its server, as a child of the inbound request', async () => {
    const response = await get(`/fetch?url=${encodeURIComponent(`${allowed.origin}/data`)}`);
    expect(response).toEqual({ status: 200, text: 'upstream said 200: upstream saw /data' });
    const trace = traceOf(lastInbound());
    const inbound = trace.find((e) => e.kind === 'inbound.request');
    expect(trace.find((e) => e.kind === 'outbound.request')).toMatchObject({ component: 'frontend', parentId: inbound?.id });
    expect(trace.find((e) => e.kind === 'outbound.response')).toMatchObject({ status: 200 });
    // spec §13.56: the guest's Host is gone; undici sets it from the URL.
    expect(allowed.hosts.at(-1)).toBe(new URL(allowed.origin).host);
  });

  it('denies a host not in allowed_outbound_hosts before it reaches the network, with Spin\'s suggestion', async () => {
    const response = await get(`/fetch?url=${encodeURIComponent(`${forbidden.origin}/secret`)}`);
    expect(response.status).toBe(500);
    expect(forbidden.hits()).toBe(0);
    const denied = traceOf(lastInbound()).find((e) => e.kind === 'outbound.denied');
    expect(denied).toMatchObject({ component: 'frontend', explanation: { allowed: false, suggestion: `http://${new URL(forbidden.origin).host}` } });
  });

  it('spec §10.44: chains to a private component in memory, in the same trace', async () => {
    const response = await get(`/fetch?url=${encodeURIComponent('http://backend.spin.internal/echo')}`);
    expect(response.text).toBe('upstream said 201: ');
    const trace = traceOf(lastInbound());
    expect(trace.find((e) => e.kind === 'chain.hop')).toMatchObject({ from: 'frontend', to: 'backend' });
    const hop = trace.filter((e) => e.kind === 'inbound.request').at(1);
    expect(hop).toMatchObject({ component: 'backend', chainedFrom: 'frontend', pathWithQuery: '/echo' });
    expect(hop?.kind === 'inbound.request' && hop.headers).toContainEqual(['spin-path-info', '/echo']);
  });

  it('spec §10.46: never routes to the private component from outside', async () => {
    expect(await get('/count')).toMatchObject({ status: 200 });
    expect(running.events.events().filter((e) => e.kind === 'inbound.request' && e.component === 'backend' && !e.chainedFrom)).toEqual([]);
  });

  it('answers 500 for a guest that runs past its timeout, records why, and keeps serving', async () => {
    expect((await get('/busy')).status).toBe(500);
    const failed = traceOf(lastInbound()).find((e) => e.kind === 'inbound.error');
    expect(failed).toMatchObject({ component: 'frontend', error: { code: 'SPINSCOPE_GUEST_TIMEOUT' } });
    expect(await get('/after')).toEqual({ status: 200, text: 'hello from /after' });
  });

  it('delivers a 3 MiB body in full both ways while events capture 1 MiB of it with the true size', async () => {
    const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
    const response = await fetch(`${running.url}/echo`, { method: 'POST', body });
    expect(response.status).toBe(201);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
    // A guest held back by its reader may finish (and be recorded) just after the client has the whole body.
    const answered = await vi.waitFor(() => {
      const recorded = traceOf(lastInbound()).find((e) => e.kind === 'inbound.response');
      if (recorded === undefined) throw new Error('the echo is not recorded yet');
      return recorded;
    });
    // The request body streamed in, so it is recorded with the response.
    for (const recorded of answered?.kind === 'inbound.response' ? [answered.body, answered.requestBody] : []) {
      expect(recorded && { size: recorded.size, captured: recorded.captured.byteLength, truncated: recorded.truncated }).toEqual({
        size: body.byteLength,
        captured: 1024 * 1024,
        truncated: true,
      });
    }
    expect(answered?.kind).toBe('inbound.response');
  });

  it('publishes app.loaded with the listener\'s origin', () => {
    expect(running.events.events().find((e) => e.kind === 'app.loaded')).toMatchObject({
      app: 'probe-app',
      components: ['frontend', 'backend'],
      origin: running.url,
    });
  });
});
