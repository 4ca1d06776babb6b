import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { startBarrier, type Barrier } from '../support/barrier-server.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

function manifest(wasm: string): string {
  return `spin_manifest_version = 2

[application]
name = "concurrency"

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = ${JSON.stringify(wasm)}
allowed_outbound_hosts = ["*://*:*"]
`;
}

describe('a running app serves concurrent work', () => {
  let dir: string;
  let running: RunningApp;
  let barrier: Barrier;

  const get = async (path: string) => {
    const response = await fetch(`${running.url}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const fetchPath = (target: string) => `/fetch?url=${encodeURIComponent(target)}`;
  const eventsOf = <K extends SpinscopeEvent['kind']>(kind: K) =>
    running.events.events().filter((event): event is Extract<SpinscopeEvent, { kind: K }> => event.kind === kind);

  beforeAll(async () => {
    barrier = await startBarrier();
    dir = await mkdtemp(join(tmpdir(), 'spinscope-concurrency-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', timeoutMs: 10_000, engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    barrier?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs several outbound requests from one guest at once (concurrent fetches)', async () => {
    const urls = ['a', 'b', 'c'].map((tag) => `url=${encodeURIComponent(`${barrier.origin}/barrier/3/${tag}`)}`);
    expect(await get(`/fetch-all?${urls.join('&')}`)).toEqual({ status: 200, text: 'released a\nreleased b\nreleased c' });
  });

  it('serves two requests to one component at once, each outbound call in its own trace', async () => {
    const [first, second] = await Promise.all([
      get(fetchPath(`${barrier.origin}/barrier/2/first`)),
      get(fetchPath(`${barrier.origin}/barrier/2/second`)),
    ]);
    expect([first, second]).toEqual([
      { status: 200, text: 'upstream said 200: released first' },
      { status: 200, text: 'upstream said 200: released second' },
    ]);
    for (const tag of ['first', 'second']) {
      const inbound = eventsOf('inbound.request').find((event) => event.pathWithQuery.includes(`%2F${tag}`));
      const outbound = eventsOf('outbound.request').find((event) => event.url.endsWith(`/${tag}`));
      expect(outbound).toMatchObject({ traceId: inbound?.traceId, parentId: inbound?.id });
    }
  });

  it('spec §9.42: sends a self request (http://self.alt) back through the app listener', async () => {
    expect(await get(fetchPath('http://self.alt/hello'))).toEqual({ status: 200, text: 'upstream said 200: hello from /hello' });
  });

  it('spec §10.44: lets a component chain to itself', async () => {
    expect(await get(fetchPath('http://web.spin.internal/hello'))).toEqual({ status: 200, text: 'upstream said 200: hello from /hello' });
    expect(eventsOf('chain.hop').at(-1)).toMatchObject({ from: 'web', to: 'web' });
  });

  it('spec §10.45: traps the calling guest when an allowed chaining target has no trigger', async () => {
    expect((await get(fetchPath('http://ghost.spin.internal/'))).status).toBe(500);
    expect(eventsOf('inbound.error').at(-1)).toMatchObject({
      component: 'web',
      error: { code: 'SPINSCOPE_GUEST_TRAP', message: expect.stringContaining("unknown routing destination 'ghost'") },
    });
    expect(await get('/after')).toEqual({ status: 200, text: 'hello from /after' });
  });
});
