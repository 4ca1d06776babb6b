import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentInfo } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';
import { webApiManifest as manifest } from '../support/web-api-manifest.js';

const BUILD_TIMEOUT_MS = 180_000;
/** How long to wait for the watcher to act; generous because the machine may be busy. */
const WAIT = { timeout: 30_000, interval: 50 };
const UPSTREAM_REPLY = 'upstream said 200: ok';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An upstream on 127.0.0.1 answering `ok`; the probe guest reports that as {@link UPSTREAM_REPLY}. */
async function startUpstream(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => response.end('ok'));
  return { server, origin: await listen(server) };
}

/** A new project directory holding the probe guest as `web.wasm` and `api.wasm` and the two-component manifest. */
async function writeProject(prefix: string): Promise<string> {
  const [dir, probeWasm] = await Promise.all([mkdtemp(join(tmpdir(), prefix)), buildComponent('probe')]);
  await Promise.all([copyFile(probeWasm, join(dir, 'web.wasm')), copyFile(probeWasm, join(dir, 'api.wasm')), writeFile(join(dir, 'spin.toml'), manifest())]);
  return dir;
}

function openSession(dir: string, watch = false): Promise<ProjectSession> {
  return ProjectSession.open({ project: dir, watch, listen: '127.0.0.1:0', engine: testEngineOptions(), timeoutMs: 10_000, env: {}, recentProjectsFile: join(dir, 'recent.json') });
}

/** Asks the probe guest at `origin` to fetch `target`; its answer says whether the request was allowed. */
async function fetchVia(origin: string, target: string): Promise<string> {
  return (await fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`)).text();
}

describe('session changes to allowed_outbound_hosts across reloads from spin.toml', () => {
  let dir: string;
  let probeWasm: string;
  let upstream: Server;
  let upstreamOrigin: string;
  let session: ProjectSession;
  let origin: string;

  const write = (text: string) => writeFile(join(dir, 'spin.toml'), text);
  const callUpstream = (path: string) => fetchVia(origin, `${upstreamOrigin}${path}`);
  const component = async (id: string): Promise<ComponentInfo | undefined> => (await session.components()).find((each) => each.id === id);
  const lastReload = async () => (await session.events({ kinds: ['app.reloaded'] })).events.at(-1) as Extract<SpinscopeEvent, { kind: 'app.reloaded' }>;

  beforeAll(async () => {
    [probeWasm, dir, { server: upstream, origin: upstreamOrigin }] = await Promise.all([buildComponent('probe'), writeProject('spinscope-session-changes-'), startUpstream()]);
    session = await openSession(dir);
    origin = (await session.status()).origin ?? '';
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps an unsaved allow rule when the component’s wasm is rebuilt and the app reloads', async () => {
    expect(await callUpstream('/denied')).not.toContain('upstream said');
    await session.setAllowedHosts('web', [upstreamOrigin], { save: false });
    expect(await callUpstream('/allowed')).toBe(UPSTREAM_REPLY);

    await copyFile(probeWasm, join(dir, 'web.wasm'));
    const status = await session.restart();
    expect(await lastReload()).toMatchObject({ trigger: 'restart', changes: { restarted: ['web'], policies: [] } });
    expect((await lastReload()).droppedSessionChanges).toBeUndefined();
    expect(status.droppedSessionChanges).toBeUndefined();
    expect(await callUpstream('/after-rebuild')).toBe(UPSTREAM_REPLY);
    expect(await component('web')).toMatchObject({ allowedOutboundHosts: [{ raw: upstreamOrigin }], unsaved: true });
  });

  it('keeps it when spin.toml changes elsewhere: another component’s hosts, a comment', async () => {
    await write(`${manifest({ api: '["https://api.example.test"]' })}# edited by hand\n`);
    await session.restart();
    expect(await lastReload()).toMatchObject({ changes: { restarted: [], policies: ['api'] } });
    expect(await callUpstream('/after-edit')).toBe(UPSTREAM_REPLY);
    expect((await component('web'))?.unsaved).toBe(true);
    expect(await component('api')).toMatchObject({ allowedOutboundHosts: [{ raw: 'https://api.example.test' }] });
    expect((await component('api'))?.unsaved).toBeUndefined();
  });

  it('drops it, and reports why, when spin.toml changes that component’s own allowed_outbound_hosts', async () => {
    await write(manifest({ web: '["https://web.example.test"]', api: '["https://api.example.test"]' }));
    const status = await session.restart();
    const dropped = {
      component: 'web',
      reason: 'manifest-changed',
      entries: [upstreamOrigin],
      message: `The session change to the allowed_outbound_hosts of component "web" (["${upstreamOrigin}"]) was dropped: spin.toml now sets them to ["https://web.example.test"], and an edit to the file wins over a session change. Apply the change again if you still need it.`,
    };
    expect(status).toMatchObject({ state: 'running', droppedSessionChanges: [dropped] });
    expect(status.problem).toBeUndefined();
    expect(await lastReload()).toMatchObject({ changes: { policies: ['web'] }, droppedSessionChanges: [dropped] });
    expect(await callUpstream('/after-drop')).not.toContain('upstream said');
    expect(await component('web')).toEqual(expect.objectContaining({ allowedOutboundHosts: [{ raw: 'https://web.example.test', resolved: 'https://web.example.test' }] }));
    expect((await component('web'))?.unsaved).toBeUndefined();

    // The report lasts until the developer changes that component's hosts again.
    await session.setAllowedHosts('web', [upstreamOrigin], { save: false });
    expect((await session.status()).droppedSessionChanges).toBeUndefined();
    expect(await callUpstream('/allowed-again')).toBe(UPSTREAM_REPLY);
  });

  it('drops a session change to a component removed from spin.toml, and reports it; the others stay', async () => {
    await session.setAllowedHosts('api', ['https://other.example.test'], { save: false });
    await write(manifest({ web: '["https://web.example.test"]', api: null }));
    const status = await session.restart();
    expect(status.droppedSessionChanges).toEqual([expect.objectContaining({ component: 'api', reason: 'component-removed', entries: ['https://other.example.test'] })]);
    expect(status.droppedSessionChanges?.[0]?.message).toContain('spin.toml no longer has component "api"');
    expect(await callUpstream('/web-kept')).toBe(UPSTREAM_REPLY);
    expect((await component('web'))?.unsaved).toBe(true);
  });

  it('discards session changes on request: spin.toml’s lists apply from the next request', async () => {
    const components = await session.discardSessionChanges();
    expect(components.find((each) => each.id === 'web')).toEqual(expect.objectContaining({ allowedOutboundHosts: [{ raw: 'https://web.example.test', resolved: 'https://web.example.test' }] }));
    expect(components.some((each) => each.unsaved === true)).toBe(false);
    expect((await session.status()).droppedSessionChanges).toBeUndefined();
    expect(await callUpstream('/discarded')).not.toContain('upstream said');
    expect(await lastReload()).toMatchObject({ trigger: 'session', changes: { policies: ['web'] } });
  });

  it('saving one component’s hosts to spin.toml keeps another component’s session change', async () => {
    await write(manifest({ web: '["https://web.example.test"]' }));
    await session.restart();
    await session.setAllowedHosts('web', [upstreamOrigin], { save: false });
    await session.setAllowedHosts('api', ['https://api.example.test'], { save: false });

    const components = await session.setAllowedHosts('api', ['https://api.example.test', 'https://saved.example.test'], { save: true });
    expect(await readFile(join(dir, 'spin.toml'), 'utf8')).toContain('allowed_outbound_hosts = ["https://api.example.test", "https://saved.example.test"]');
    expect(components.find((each) => each.id === 'api')?.unsaved).toBeUndefined();
    expect(components.find((each) => each.id === 'web')?.unsaved).toBe(true);
    expect((await session.status()).droppedSessionChanges).toBeUndefined();
    expect(await callUpstream('/after-save')).toBe(UPSTREAM_REPLY);
  });
});

describe('a watching session keeps session changes across rebuilds', { timeout: 60_000 }, () => {
  it('keeps an unsaved allow rule when the watched wasm is rebuilt', async () => {
    const [probeWasm, dir, upstream] = await Promise.all([buildComponent('probe'), writeProject('spinscope-session-watch-'), startUpstream()]);
    const session = await openSession(dir, true);
    try {
      const origin = (await session.status()).origin ?? '';
      await session.setAllowedHosts('web', [upstream.origin], { save: false });
      const restartedWeb = async () =>
        (await session.events({ kinds: ['app.reloaded'] })).events.some((event) => event.kind === 'app.reloaded' && event.trigger === 'watch' && event.changes.restarted.includes('web'));

      await copyFile(probeWasm, join(dir, 'web.wasm'));
      await expect.poll(restartedWeb, WAIT).toBe(true);
      expect(await fetchVia(origin, `${upstream.origin}/after-rebuild`)).toBe(UPSTREAM_REPLY);
      expect((await session.components()).find((each) => each.id === 'web')?.unsaved).toBe(true);
      expect((await session.status()).droppedSessionChanges).toBeUndefined();
    } finally {
      await session.close();
      upstream.server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a live policy edit while a reload prepares the next version', () => {
  let dir: string;
  let running: RunningApp;
  let upstream: Server;
  let upstreamOrigin: string;
  let wasmServer: Server;
  let wasmUrl: string;
  let digest: string;
  /** Resolves when the reload asks for the wasm; the answer waits for `release`. */
  let requested: Promise<void>;
  let release: () => void;

  beforeAll(async () => {
    const [probeWasm, helloWasm] = await Promise.all([buildComponent('probe'), buildComponent('hello')]);
    const bytes = await readFile(helloWasm);
    digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived: () => void = () => undefined;
    requested = new Promise<void>((resolve) => (arrived = resolve));
    wasmServer = createServer((_request, response) => {
      arrived();
      void released.then(() => response.end(bytes));
    });
    wasmUrl = `${await listen(wasmServer)}/late.wasm`;
    ({ server: upstream, origin: upstreamOrigin } = await startUpstream());
    dir = await mkdtemp(join(tmpdir(), 'spinscope-held-reload-'));
    await Promise.all([copyFile(probeWasm, join(dir, 'web.wasm')), writeFile(join(dir, 'spin.toml'), manifest({ api: null }))]);
    // A download directory of its own, so the held download is never served from a cache.
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', timeoutMs: 10_000, engine: testEngineOptions(), downloadDir: join(dir, 'downloads') });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    wasmServer?.close();
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is carried into the version the reload swaps in: the next outbound request obeys it', async () => {
    // The reload adds a component whose wasm is downloaded, and the download is held.
    const late = `\n[[trigger.http]]\nroute = "/late/..."\ncomponent = "late"\n\n[component.late]\nsource = { url = "${wasmUrl}", digest = "${digest}" }\n`;
    await writeFile(join(dir, 'spin.toml'), `${manifest({ api: null })}${late}`);
    const reload = running.reload();
    await requested;

    running.setList('web', 'allowed_outbound_hosts', [upstreamOrigin]);
    release();
    expect((await reload).changes).toMatchObject({ restarted: ['late'], routes: true });

    expect(await (await fetch(`${running.url}/late/hi`)).text()).toBe('hello from /late/hi');
    expect(await fetchVia(running.url, `${upstreamOrigin}/after-reload`)).toBe(UPSTREAM_REPLY);
    expect(running.sessionChanges.allowed_outbound_hosts.get('web')).toEqual([upstreamOrigin]);
  });
});
