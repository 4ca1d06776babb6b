import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
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
const MiB = 1024 * 1024;
// Far more than loopback socket buffers hold, so a client that leaves early cannot have been sent it all.
const BIG = 64 * MiB;
// Long enough for the 64 MiB bodies, short enough to wait for a guest that runs past it.
const TIMEOUT_MS = 5_000;

/** GETs `url` with a raw client that closes the connection once it has `atLeast` body bytes; answers how many it got. */
function readThenAbort(url: string, atLeast: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        if (received < atLeast) return;
        req.destroy();
        resolve(received);
      });
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.end();
  });
}

describe('a client that goes away mid-response is recorded as having aborted, with the bytes that reached it', () => {
  let dir: string;
  let running: RunningApp;
  let upstream: Server;
  let upstreamOrigin: string;
  /** Requests to the upstream's `/gate`, held until a test answers them. */
  const gates: ServerResponse[] = [];

  /** The outcome event of the latest inbound request for `path` (of `component`). */
  const outcomeOf = async (path: string, component = 'frontend') => {
    let found: SpinscopeEvent | undefined;
    await vi.waitFor(() => {
      const events = running.events.events();
      const request = events.findLast((event) => event.kind === 'inbound.request' && event.pathWithQuery === path && event.component === component);
      found = events.find((event) => event.parentId === request?.id && (event.kind === 'inbound.response' || event.kind === 'inbound.error'));
      expect(found).toBeDefined();
    }, TIMEOUT_MS * 2);
    return found as Extract<SpinscopeEvent, { kind: 'inbound.response' | 'inbound.error' }>;
  };

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      if (request.url === '/gate') gates.push(response);
      else response.end('ok');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-client-abort-'));
    await writeFile(join(dir, 'spin.toml'), probeManifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), {
      listen: '127.0.0.1:0',
      cliVariables: { upstream: new URL(upstreamOrigin).host },
      timeoutMs: TIMEOUT_MS,
      engine: testEngineOptions(),
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records a whole response with no abort', async () => {
    const response = await fetch(`${running.url}/write-big?bytes=${MiB}`);
    expect((await response.arrayBuffer()).byteLength).toBe(MiB);
    const outcome = await outcomeOf(`/write-big?bytes=${MiB}`);
    expect(outcome).toMatchObject({ kind: 'inbound.response', body: { size: MiB } });
    expect(outcome).not.toHaveProperty('clientAborted');
  });

  it('records how much of a streamed body reached a client that closed the connection partway', async () => {
    const path = `/write-big?bytes=${BIG}`;
    const received = await readThenAbort(`${running.url}${path}`, 64 * 1024);
    const outcome = await outcomeOf(path);
    // The component is not held back by a client that left: it writes the whole body.
    expect(outcome).toMatchObject({ kind: 'inbound.response', status: 200, body: { size: BIG } });
    const sent = outcome.clientAborted?.bytesSent;
    expect(sent).toBeGreaterThanOrEqual(received);
    expect(sent).toBeLessThan(BIG);
  });

  it('counts exactly the bytes sent before the client left, though the component finished afterwards', async () => {
    const path = `/stream-out?gate=${encodeURIComponent(`${upstreamOrigin}/gate`)}`;
    // The guest sends "one;" and then waits for the gate, so the client leaves having had exactly those.
    expect(await readThenAbort(`${running.url}${path}`, 4)).toBe(4);
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    gates.shift()?.end('open');
    expect(await outcomeOf(path)).toMatchObject({ kind: 'inbound.response', body: { size: 7 }, clientAborted: { bytesSent: 4 } });
  });

  it('records the abort on inbound.error when the component fails after its client went away', async () => {
    const path = `/stream-out?gate=${encodeURIComponent(`${upstreamOrigin}/gate`)}&never`;
    expect(await readThenAbort(`${running.url}${path}`, 4)).toBe(4);
    // The gate never opens, so the guest runs past its timeout in the middle of its body.
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    const outcome = await outcomeOf(path);
    expect(outcome).toMatchObject({ kind: 'inbound.error', error: { name: 'GuestTimeout' }, dropped: true, clientAborted: { bytesSent: 4 } });
    gates.shift()?.end();
  });

  it('records a chained response the calling component stopped reading, with the bytes it was handed', async () => {
    const chained = `/write-big?bytes=${BIG}`;
    const path = `/read-some?url=${encodeURIComponent(`http://backend.spin.internal${chained}`)}&bytes=${64 * 1024}&then=${encodeURIComponent(`${upstreamOrigin}/then`)}`;
    const response = await fetch(`${running.url}${path}`);
    expect(await response.text()).toBe(`read at least ${64 * 1024} bytes; then: ok`);
    const outcome = await outcomeOf(chained, 'backend');
    expect(outcome).toMatchObject({ kind: 'inbound.response', body: { size: BIG } });
    expect(outcome.clientAborted?.bytesSent).toBeGreaterThanOrEqual(64 * 1024);
    expect(outcome.clientAborted?.bytesSent).toBeLessThan(BIG);
  });
});
