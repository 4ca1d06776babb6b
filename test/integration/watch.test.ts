import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;
/** How long to wait for the watcher to act; generous because the machine may be busy. */
const WAIT = { timeout: 30_000, interval: 50 };

/** `web` served from `app.wasm`, "built" by copying the wasm that `src/version.txt` names. */
function manifest(hosts: string): string {
  return `spin_manifest_version = 2

[application]
name = "watched"

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = "app.wasm"
allowed_outbound_hosts = ${hosts}

[component.web.build]
command = 'cp "$(cat src/version.txt)" app.wasm && echo copied'
watch = ["src/**/*.txt"]
`;
}

describe('a session watching its project (watch: true)', { timeout: 60_000 }, () => {
  let dir: string;
  let probeWasm: string;
  let helloWasm: string;
  let upstream: Server;
  let upstreamOrigin: string;
  let session: ProjectSession;
  let origin: string;

  const text = async (path: string) => (await fetch(`${origin}${path}`)).text();
  const version = async () => ((await text('/count')).startsWith('hello') ? 'hello' : 'probe');
  const eventsOf = async <K extends SpinscopeEvent['kind']>(kind: K) =>
    (await session.events({ kinds: [kind] })).events as Extract<SpinscopeEvent, { kind: K }>[];
  const reloadsSoFar = async () => (await eventsOf('app.reloaded')).length;

  beforeAll(async () => {
    [probeWasm, helloWasm] = await Promise.all([buildComponent('probe'), buildComponent('hello')]);
    upstream = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-watch-'));
    await mkdir(join(dir, 'src'));
    await copyFile(probeWasm, join(dir, 'app.wasm'));
    await writeFile(join(dir, 'spin.toml'), manifest('[]'));
    session = await ProjectSession.open({ project: dir, watch: true, listen: '127.0.0.1:0', engine: testEngineOptions(), timeoutMs: 10_000, env: {}, recentProjectsFile: join(dir, 'recent.json') });
    origin = (await session.status()).origin ?? '';
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reloads when spin.toml is edited on disk: a newly allowed host is reachable', async () => {
    const call = `/fetch?url=${encodeURIComponent(`${upstreamOrigin}/x`)}`;
    expect(await text(call)).not.toContain('upstream said');
    const before = await reloadsSoFar();
    await writeFile(join(dir, 'spin.toml'), manifest(`["${upstreamOrigin}"]`));
    await expect.poll(reloadsSoFar, WAIT).toBeGreaterThan(before);
    expect((await eventsOf('app.reloaded')).at(-1)).toMatchObject({ trigger: 'watch', files: [join(dir, 'spin.toml')], changes: { policies: ['web'], restarted: [] } });
    expect(await text(call)).toBe('upstream said 200: ok');
  });

  it('sees spin.toml saved the way editors save it, by renaming a new file over it', async () => {
    const before = await reloadsSoFar();
    const staging = join(dir, '.spin.toml.tmp');
    await writeFile(staging, `${await readFile(join(dir, 'spin.toml'), 'utf8')}# saved by rename\n`);
    await rename(staging, join(dir, 'spin.toml'));
    await expect.poll(reloadsSoFar, WAIT).toBeGreaterThan(before);
    expect((await eventsOf('app.reloaded')).at(-1)).toMatchObject({ files: [join(dir, 'spin.toml')], changes: { restarted: [], policies: [], routes: false } });
  });

  it('reloads once when the session saves allowed hosts: the watcher does not reload its write again', async () => {
    const reloads = (await eventsOf('app.reloaded')).length;
    await session.setAllowedHosts('web', [upstreamOrigin, 'https://saved.example.test'], { save: true });
    // Long past the debounce, so the save's write and the next edit are separate batches.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await writeFile(join(dir, 'spin.toml'), (await readFile(join(dir, 'spin.toml'), 'utf8')).replace('saved.example.test', 'edited.example.test'));
    const webEntries = async () => (await session.components()).find((component) => component.id === 'web')?.allowedOutboundHosts.map((host) => host.raw);
    await expect.poll(webEntries, WAIT).toContain('https://edited.example.test');
    const since = (await eventsOf('app.reloaded')).slice(reloads);
    expect(since.map((event) => event.trigger)).toEqual(['restart', 'watch']);
  });

  it('keeps serving through a broken edit, reporting the file and line, and recovers when it is fixed', async () => {
    const good = await readFile(join(dir, 'spin.toml'), 'utf8');
    await writeFile(join(dir, 'spin.toml'), good.replace('name = "watched"', 'name = "watched'));
    await expect.poll(async () => (await session.status()).problem, WAIT).toMatchObject({ code: 'SPINSCOPE_MANIFEST', file: join(dir, 'spin.toml'), line: 4 });
    expect((await session.status()).state).toBe('running');
    expect(await version()).toBe('probe');
    await writeFile(join(dir, 'spin.toml'), good);
    await expect.poll(async () => (await session.status()).problem, WAIT).toBeUndefined();
  });

  it('runs build.command when a build.watch file changes, streams its output and serves the result', async () => {
    const before = await reloadsSoFar();
    await writeFile(join(dir, 'src', 'version.txt'), helloWasm);
    await expect.poll(reloadsSoFar, WAIT).toBeGreaterThan(before);
    expect(await version()).toBe('hello');
    expect((await eventsOf('build.finished')).at(-1)).toMatchObject({ component: 'web', ok: true, exitCode: 0 });
    expect((await eventsOf('build.output')).at(-1)).toMatchObject({ component: 'web', stream: 'stdout', line: 'copied' });
    expect((await eventsOf('build.started')).at(-1)).toMatchObject({ component: 'web', workdir: dir, files: [join(dir, 'src', 'version.txt')] });
  });

  it('keeps the last good version serving when the build fails, with the exit code', async () => {
    await writeFile(join(dir, 'src', 'version.txt'), join(dir, 'missing.wasm'));
    await expect.poll(async () => (await session.status()).problem, WAIT).toMatchObject({ code: 'SPINSCOPE_BUILD', component: 'web' });
    expect((await eventsOf('build.finished')).at(-1)).toMatchObject({ ok: false, exitCode: 1 });
    expect((await eventsOf('build.output')).some((event) => event.stream === 'stderr' && event.line.includes('missing.wasm'))).toBe(true);
    expect(await version()).toBe('hello');
  });

  it('reloads the component when its wasm file changes', async () => {
    await copyFile(probeWasm, join(dir, 'app.wasm'));
    await expect.poll(version, WAIT).toBe('probe');
    expect((await eventsOf('app.reloaded')).at(-1)).toMatchObject({ trigger: 'watch', files: [join(dir, 'app.wasm')], changes: { restarted: ['web'] } });
    expect((await session.status()).problem).toBeUndefined();
  });
});

describe('a watching session whose project failed to load', { timeout: 60_000 }, () => {
  it('starts the app once spin.toml is fixed on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spinscope-watch-fix-'));
    await copyFile(await buildComponent('hello'), join(dir, 'app.wasm'));
    const good = manifest('[]').replace(/\[component\.web\.build\][^]*$/, '');
    await writeFile(join(dir, 'spin.toml'), good.replace('component = "web"', 'component = "wbe"'));
    const session = await ProjectSession.open({ project: dir, watch: true, listen: '127.0.0.1:0', engine: testEngineOptions(), env: {}, recentProjectsFile: join(dir, 'recent.json') });
    try {
      expect(await session.status()).toMatchObject({ state: 'failed', problem: { code: 'SPINSCOPE_MANIFEST', file: join(dir, 'spin.toml') } });
      await writeFile(join(dir, 'spin.toml'), good);
      await expect.poll(async () => (await session.status()).state, WAIT).toBe('running');
      expect(await (await fetch(`${(await session.status()).origin}/fixed`)).text()).toBe('hello from /fixed');
    } finally {
      await session.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
