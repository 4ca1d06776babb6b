import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, UnknownComponentError, type RunningApp } from '../../runtime/app/index.js';
import { AllowedHostError } from '../../runtime/permissions/index.js';
import { startBarrier, type Barrier } from '../support/barrier-server.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';
import { thrown } from '../support/thrown.js';

const BUILD_TIMEOUT_MS = 180_000;

/** `web` on every path, from `app.wasm` beside the manifest, so a test can replace the file. */
function manifest(hosts: string): string {
  return `spin_manifest_version = 2

[application]
name = "reload"

[variables]
upstream = { default = "127.0.0.1:1" }

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = "app.wasm"
allowed_outbound_hosts = ${hosts}
`;
}

describe('reloading a running app in place', () => {
  let dir: string;
  let probeWasm: string;
  let helloWasm: string;
  let running: RunningApp;
  let barrier: Barrier;
  let upstream: Server;
  let upstreamOrigin: string;

  const text = async (path: string) => (await fetch(`${running.url}${path}`)).text();
  // The probe guest counts requests on /count; the hello guest greets every path.
  const version = async () => ((await text('/count')).startsWith('hello') ? 'hello' : 'probe');
  const fetchVia = (target: string) => `/fetch?url=${encodeURIComponent(target)}`;
  const eventsOf = <K extends SpinscopeEvent['kind']>(kind: K) =>
    running.events.events().filter((event): event is Extract<SpinscopeEvent, { kind: K }> => event.kind === kind);

  beforeAll(async () => {
    [probeWasm, helloWasm, barrier] = await Promise.all([buildComponent('probe'), buildComponent('hello'), startBarrier()]);
    upstream = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-reload-'));
    await copyFile(probeWasm, join(dir, 'app.wasm'));
    await writeFile(join(dir, 'spin.toml'), manifest(`["${barrier.origin}"]`));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', timeoutMs: 20_000, engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    barrier?.server.close();
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const swapTo = async (wasm: string) => {
    await copyFile(wasm, join(dir, 'app.wasm'));
    return running.reload();
  };

  it('finishes a request in flight on the old version while the next request gets the new one', async () => {
    expect(await version()).toBe('probe');
    const inFlight = text(fetchVia(`${barrier.origin}/barrier/2/in-flight`));
    await expect.poll(() => barrier.waiting(2)).toBe(1);

    const reload = await swapTo(helloWasm);
    expect(reload.changes).toEqual({ restarted: ['web'], removed: [], policies: [], routes: false });
    expect(await version()).toBe('hello');

    // The second arrival releases the barrier; the old probe instance then answers.
    expect(await (await fetch(`${barrier.origin}/barrier/2/release`)).text()).toBe('released release');
    expect(await inFlight).toBe('upstream said 200: released in-flight');
    await running.settled();
    expect(eventsOf('app.reloaded').at(-1)).toMatchObject({ trigger: 'restart', app: 'reload', components: ['web'], changes: { restarted: ['web'] } });
  });

  it('answers every request fired across several swaps; none is refused', async () => {
    let swapping = true;
    const statuses: number[] = [];
    const client = async () => {
      while (swapping) statuses.push((await fetch(`${running.url}/loop`)).status);
    };
    const clients = [client(), client(), client()];
    for (const wasm of [probeWasm, helloWasm, probeWasm]) await swapTo(wasm);
    swapping = false;
    await Promise.all(clients);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await version()).toBe('probe');
  });

  it('a policy change allows, then denies, the very next outbound request', async () => {
    const call = fetchVia(`${upstreamOrigin}/x`);
    expect(await text(call)).not.toContain('upstream said');
    expect(eventsOf('outbound.denied').at(-1)).toMatchObject({ component: 'web', url: `${upstreamOrigin}/x` });

    const allowed = running.setList('web', 'allowed_outbound_hosts', [upstreamOrigin]);
    expect(allowed.changes).toEqual({ restarted: [], removed: [], policies: ['web'], routes: false });
    expect(await text(call)).toBe('upstream said 200: ok');
    expect(eventsOf('outbound.response').at(-1)).toMatchObject({ allowedBy: upstreamOrigin });

    running.setList('web', 'allowed_outbound_hosts', []);
    expect(await text(call)).not.toContain('upstream said');
    expect(eventsOf('app.reloaded').at(-1)).toMatchObject({ trigger: 'session', changes: { policies: ['web'] } });
  });

  it('resolves {{ variables }} in a live policy edit and refuses a bad entry with Spin’s message', async () => {
    running.setList('web', 'allowed_outbound_hosts', ['http://{{ upstream }}']);
    expect(running.app.policies.get('web')?.allowedBy('http://127.0.0.1:1/')).toBe('http://{{ upstream }}');
    expect(running.app.manifest.components.get('web')?.allowedOutboundHosts).toEqual(['http://{{ upstream }}']);

    const error = thrown(AllowedHostError, () => running.setList('web', 'allowed_outbound_hosts', ['http://example.com:99999']));
    expect(error.message).toContain('Invalid allowed host port "99999"');
    expect(thrown(UnknownComponentError, () => running.setList('ghost', 'allowed_outbound_hosts', []))).toMatchObject({ component: 'ghost' });
  });

  it('swaps only the policy table when spin.toml changes only allowed_outbound_hosts', async () => {
    const before = eventsOf('app.loaded').length;
    await writeFile(join(dir, 'spin.toml'), manifest(`["${upstreamOrigin}"]`));
    const reload = await running.reload();
    expect(reload.changes).toEqual({ restarted: [], removed: [], policies: ['web'], routes: false });
    expect(await text(fetchVia(`${upstreamOrigin}/y`))).toBe('upstream said 200: ok');
    expect(eventsOf('app.loaded')).toHaveLength(before);
  });

  it('keeps serving the old version when the new manifest is broken, and publishes app.failed', async () => {
    const good = await readFile(join(dir, 'spin.toml'), 'utf8');
    await writeFile(join(dir, 'spin.toml'), good.replace('route = "/..."', 'route = "/...'));
    await expect(running.reload()).rejects.toMatchObject({ code: 'SPINSCOPE_MANIFEST', file: join(dir, 'spin.toml') });
    expect(eventsOf('app.failed').at(-1)).toMatchObject({ error: { code: 'SPINSCOPE_MANIFEST' } });
    expect(await version()).toBe('probe');
    await writeFile(join(dir, 'spin.toml'), good);
  });

  it('keeps serving the old version when the new wasm cannot be loaded', async () => {
    await writeFile(join(dir, 'app.wasm'), 'not wasm');
    await expect(running.reload()).rejects.toMatchObject({ code: 'SPINSCOPE_MANIFEST', component: 'web' });
    expect(await version()).toBe('probe');
    await swapTo(probeWasm);
  });
});
