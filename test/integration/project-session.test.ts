import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStatus, EventBatch } from '../../runtime/api/contract.js';
import { BUNDLED_EXAMPLE, ProjectSession } from '../../runtime/session/index.js';
import { testEngineOptions } from '../support/engine-options.js';
import { probeManifest, writeProbeProject } from '../support/probe-project.js';

const BUILD_TIMEOUT_MS = 180_000;

/** Resolves with the first batch (from the moment of the call) holding an event that passes `until`. */
function batchesUntil(session: ProjectSession, until: (batch: EventBatch) => boolean): Promise<EventBatch[]> {
  return new Promise((resolve) => {
    const batches: EventBatch[] = [];
    const unsubscribe = session.onEvents((batch) => {
      batches.push(batch);
      if (until(batch)) {
        unsubscribe();
        resolve(batches);
      }
    });
  });
}

describe('ProjectSession', () => {
  let work: string;
  let project: string;
  let session: ProjectSession;
  const recentFile = (): string => join(work, 'config', 'recent-projects.json');
  const open = (options: Parameters<typeof ProjectSession.open>[0] = {}): Promise<ProjectSession> =>
    ProjectSession.open({ listen: '127.0.0.1:0', engine: testEngineOptions(), timeoutMs: 5_000, recentProjectsFile: recentFile(), env: {}, variables: ['upstream=127.0.0.1:4'], ...options });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-session-'));
    project = await writeProbeProject('probe-app', work);
    session = await open({ project });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('opens a project directory and serves it, with full route URLs on the listener', async () => {
    const status = await session.status();
    expect(status).toMatchObject({ state: 'running', manifestFile: join(project, 'spin.toml'), isExample: false, appName: 'probe-app' });
    expect(status.problem).toBeUndefined();
    expect(status.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status.routes).toEqual([{ component: 'frontend', path: '/', wildcard: true, url: `${status.origin}/` }]);
    expect(await (await fetch(`${status.origin}/hi`)).text()).toBe('hello from /hi');
  });

  it('lists components with their routes, privacy and allowed_outbound_hosts raw and resolved', async () => {
    expect(await session.components()).toEqual([
      {
        id: 'frontend',
        routes: [{ route: '/...', private: false }],
        allowedOutboundHosts: [
          { raw: 'http://backend.spin.internal', resolved: 'http://backend.spin.internal' },
          { raw: 'http://{{ upstream }}', resolved: 'http://127.0.0.1:4' },
        ],
        keyValueStores: [],
        sqliteDatabases: [],
      },
      { id: 'backend', routes: [{ route: '', private: true }], allowedOutboundHosts: [], keyValueStores: [], sqliteDatabases: [] },
    ]);
  });

  it('records app.loaded first and every request in the session store', async () => {
    const page = await session.events();
    expect(page.events[0]).toMatchObject({ kind: 'app.loaded', app: 'probe-app', components: ['frontend', 'backend'] });
    expect(page.evicted).toBe(0);
    expect((await session.events({ kinds: ['inbound.request'] })).events.map((e) => e.kind === 'inbound.request' && e.pathWithQuery)).toContain('/hi');
  });

  it('delivers live events in batches: the guest log lines and the response together', async () => {
    const { origin } = await session.status();
    const batches = batchesUntil(session, (batch) => batch.events.some((e) => e.kind === 'inbound.response'));
    await fetch(`${origin}/log`);
    const last = (await batches).at(-1);
    expect(last?.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['guest.log', 'guest.log', 'inbound.response']));
    expect(last?.evicted).toBe(0);
  });

  it('keeps the last good app serving when a restart finds a broken spin.toml, with the file and line', async () => {
    const before = await session.status();
    const manifest = join(project, 'spin.toml');
    const good = await readFile(manifest, 'utf8');
    await writeFile(manifest, good.replace('name = "probe-app"', 'name = "probe-app'));
    const statuses: AppStatus[] = [];
    const unsubscribe = session.onStatus((status) => statuses.push(status));
    const after = await session.restart();
    unsubscribe();
    expect(after).toMatchObject({ state: 'running', origin: before.origin, appName: 'probe-app', problem: { code: 'SPINSCOPE_MANIFEST', file: manifest, line: 4 } });
    expect(after.problem?.failedOpen).toBeUndefined();
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'running']);
    expect(await (await fetch(`${before.origin}/still`)).text()).toBe('hello from /still');
    expect((await session.events({ kinds: ['app.failed'] })).events.at(-1)).toMatchObject({ error: { code: 'SPINSCOPE_MANIFEST' } });

    await writeFile(manifest, good);
    const fixed = await session.restart();
    expect(fixed).toMatchObject({ state: 'running', origin: before.origin });
    expect(fixed.problem).toBeUndefined();
  });

  it('keeps the last good app serving when openProject names a component whose wasm is missing', async () => {
    const before = await session.status();
    const broken = join(work, 'missing-wasm');
    await rm(broken, { recursive: true, force: true });
    await writeProbeProject('missing-wasm', work);
    await writeFile(join(broken, 'spin.toml'), probeManifest(join(broken, 'nope.wasm'), 'missing-wasm'));
    const status = await session.openProject(broken);
    const problem = { code: 'SPINSCOPE_MANIFEST', component: 'frontend', file: join(broken, 'spin.toml'), failedOpen: join(broken, 'spin.toml') };
    expect(status).toMatchObject({ state: 'running', manifestFile: before.manifestFile, appName: 'probe-app', problem });
    expect(status.problem?.message).toContain('nope.wasm does not exist');
    expect((await session.events({ kinds: ['app.failed'] })).events.at(-1)).toMatchObject({ failedOpen: join(broken, 'spin.toml') });
    expect((await fetch(`${before.origin}/ok`)).status).toBe(200);
  });

  it('refuses to open a path that is neither a folder nor a .toml file, without reading it or changing anything', async () => {
    const secret = join(work, 'passwd');
    await writeFile(secret, 'root:x:0:0:SECRET-LINE:/root:/bin/bash\n');
    await symlink(secret, join(work, 'innocent.toml'));
    await mkdir(join(work, 'linked-project'));
    await symlink(secret, join(work, 'linked-project', 'spin.toml'));
    execFileSync('mkfifo', [join(work, 'pipe.toml')]);
    const before = await session.status();
    const recent = await session.recentProjects();
    const failures = (await session.events({ kinds: ['app.failed'] })).events.length;
    const refusals: [string, string][] = [
      [secret, `${secret}: not a Spin project`],
      ['/etc/passwd', '/etc/passwd: not a Spin project'],
      [join(work, 'innocent.toml'), `${join(work, 'innocent.toml')}: not a Spin project: a project is a folder holding spin.toml, or a Spin manifest file ending in .toml (it leads to ${secret})`],
      [join(work, 'linked-project'), `${join(work, 'linked-project', 'spin.toml')}: not a Spin project`],
      [join(work, 'pipe.toml'), `${join(work, 'pipe.toml')}: not a regular file`],
      [join(work, 'no-such-project'), `${join(work, 'no-such-project')}: no such folder or .toml file`],
    ];
    for (const [path, message] of refusals) {
      const refusal = await session.openProject(path).then(
        () => undefined,
        (error: unknown) => error as Error & { code: string },
      );
      expect(refusal, path).toMatchObject({ code: 'SPINSCOPE_MANIFEST', name: 'ManifestError' });
      expect(refusal?.message, path).toContain(message);
      expect(refusal?.message, path).toContain('a Spin manifest file ending in .toml');
      expect(refusal?.message, path).not.toMatch(/SECRET-LINE|root:x/);
    }
    expect(await session.status()).toEqual(before);
    expect(await session.recentProjects()).toEqual(recent);
    expect((await session.events({ kinds: ['app.failed'] })).events.length).toBe(failures);
  });

  it('opens a manifest of any file name given at startup, as spin up -f does', async () => {
    const manifest = join(project, 'app-manifest');
    await copyFile(join(project, 'spin.toml'), manifest);
    const named = await open({ project: manifest, recentProjectsFile: join(work, 'named-recent.json') });
    try {
      expect(await named.status()).toMatchObject({ state: 'running', manifestFile: manifest, appName: 'probe-app' });
    } finally {
      await named.close();
      await rm(manifest);
    }
  });

  it('changes a component’s allowed_outbound_hosts live, shown by components() across a restart until discarded', async () => {
    const components = await session.setAllowedHosts('backend', ['http://{{ upstream }}'], { save: false });
    expect(components.find((component) => component.id === 'backend')).toMatchObject({
      allowedOutboundHosts: [{ raw: 'http://{{ upstream }}', resolved: 'http://127.0.0.1:4' }],
      unsaved: true,
    });
    expect(await session.components()).toEqual(components);
    await expect(session.setAllowedHosts('backend', ['ftp://'], { save: false })).rejects.toMatchObject({ code: 'SPINSCOPE_ALLOWED_HOST' });
    const { origin } = await session.status();
    expect(await session.restart()).toMatchObject({ state: 'running', origin });
    expect(await session.components()).toEqual(components);

    await expect(session.discardSessionChanges('ghost')).rejects.toMatchObject({ code: 'SPINSCOPE_UNKNOWN_COMPONENT' });
    const discarded = (await session.discardSessionChanges('backend')).find((component) => component.id === 'backend');
    expect(discarded?.allowedOutboundHosts).toEqual([]);
    expect(discarded?.unsaved).toBeUndefined();
    expect((await session.events({ kinds: ['app.reloaded'] })).events.map((event) => event.kind === 'app.reloaded' && event.trigger)).toEqual(
      expect.arrayContaining(['session', 'restart']),
    );
  });

  it('saves allowed_outbound_hosts to spin.toml and reloads from it, naming the file in the reload event', async () => {
    const manifestFile = join(project, 'spin.toml');
    const original = await readFile(manifestFile, 'utf8');
    try {
      await session.setAllowedHosts('backend', ['http://{{ upstream }}'], { save: true });
      expect(await readFile(manifestFile, 'utf8')).toContain('allowed_outbound_hosts = ["http://{{ upstream }}"]');
      const reloads = (await session.events({ kinds: ['app.reloaded'] })).events;
      expect(reloads.at(-1)).toMatchObject({ trigger: 'restart', files: [manifestFile], changes: { policies: ['backend'] } });
    } finally {
      await writeFile(manifestFile, original);
      await session.restart();
    }
  });

  it('previews what saving allowed_outbound_hosts would write into spin.toml, writing nothing', async () => {
    const manifestFile = join(project, 'spin.toml');
    const original = await readFile(manifestFile, 'utf8');
    const hosts = 'allowed_outbound_hosts = ["http://backend.spin.internal", "http://{{ upstream }}"]';
    expect(original.split(hosts)).toHaveLength(2);
    expect(await session.previewAllowedHosts('frontend', ['http://{{ upstream }}', 'https://new.test'])).toEqual({
      file: manifestFile,
      before: original,
      after: original.replace(hosts, 'allowed_outbound_hosts = ["http://{{ upstream }}", "https://new.test"]'),
    });
    await expect(session.previewAllowedHosts('frontend', ['http://example.com:99999'])).rejects.toMatchObject({ code: 'SPINSCOPE_ALLOWED_HOST' });
    expect(await readFile(manifestFile, 'utf8')).toBe(original);
  });

  it('stops and starts again on the same address; events survive', async () => {
    const { origin } = await session.status();
    const recorded = (await session.events()).events.length;
    expect(await session.stop()).toMatchObject({ state: 'stopped', routes: [] });
    await expect(fetch(`${origin}/`)).rejects.toThrow();
    await expect(session.setAllowedHosts('backend', [], { save: false })).rejects.toMatchObject({ code: 'SPINSCOPE_NOT_RUNNING' });
    await expect(session.discardSessionChanges()).rejects.toMatchObject({ code: 'SPINSCOPE_NOT_RUNNING' });
    await expect(session.replay('any')).rejects.toMatchObject({ code: 'SPINSCOPE_NOT_RUNNING' });
    await expect(session.previewAllowedHosts('backend', [])).rejects.toMatchObject({ code: 'SPINSCOPE_NOT_RUNNING' });
    const started = await session.start();
    expect(started).toMatchObject({ state: 'running', origin });
    expect((await session.events()).events.length).toBeGreaterThan(recorded);
  });

  it('remembers opened projects, most recent first, in its JSON file', async () => {
    const other = await writeProbeProject('other-app', work);
    expect(await session.openProject(join(other, 'spin.toml'))).toMatchObject({ state: 'running', appName: 'other-app' });
    const expected = [join(other, 'spin.toml'), join(project, 'spin.toml')];
    expect(await session.recentProjects()).toEqual(expected);
    expect(JSON.parse(await readFile(recentFile(), 'utf8'))).toEqual(expected);
  });

  it('clears recorded events and the eviction count', async () => {
    const small = await open({ project, maxTraces: 2 });
    try {
      const { origin } = await small.status();
      for (const path of ['/a', '/b', '/c']) await fetch(`${origin}${path}`);
      const before = await small.events();
      expect(before.evicted).toBeGreaterThan(0);
      expect(before.evictedBytes).toBeGreaterThan(0);
      await small.clearEvents();
      expect(await small.events()).toEqual({ events: [], evicted: 0, evictedBytes: 0 });
    } finally {
      await small.close();
    }
  });

  it('opens a project that fails to load without throwing: failed, with the problem', async () => {
    const broken = await mkdtemp(join(work, 'broken-'));
    await writeFile(join(broken, 'spin.toml'), 'spin_manifest_version = 2\n[application]\nname = "x"\n[[trigger.http]]\nroute = "/..."\ncomponent = "ghost"\n');
    const failed = await open({ project: broken });
    try {
      expect(await failed.status()).toMatchObject({ state: 'failed', manifestFile: join(broken, 'spin.toml'), routes: [], problem: { code: 'SPINSCOPE_MANIFEST', file: join(broken, 'spin.toml') } });
      expect(await failed.components()).toEqual([]);
    } finally {
      await failed.close();
    }
  });

  it('opens the bundled example when given no project', async () => {
    const example = await open();
    try {
      const status = await example.status();
      expect(status).toMatchObject({ manifestFile: BUNDLED_EXAMPLE, isExample: true });
      // Unbuilt, the example says how to build it, as `spinscope up` does.
      if (status.state !== 'running') expect(status.problem?.message).toContain('npm run build:example');
      expect(await example.recentProjects()).not.toContain(BUNDLED_EXAMPLE);
    } finally {
      await example.close();
    }
  });
});
