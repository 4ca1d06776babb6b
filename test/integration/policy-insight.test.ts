import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession } from '../../runtime/session/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

/** A 127.0.0.1 upstream that answers `fine` and counts its hits. */
async function upstream(): Promise<{ server: Server; host: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.end('fine');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

describe('policy what-if and audit over a recorded session', () => {
  let dir: string;
  let session: ProjectSession;
  let named: Awaited<ReturnType<typeof upstream>>;
  let other: Awaited<ReturnType<typeof upstream>>;
  let origin: string;
  const fetchVia = async (target: string): Promise<number> => (await fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`)).status;

  beforeAll(async () => {
    [named, other] = await Promise.all([upstream(), upstream()]);
    dir = await mkdtemp(join(tmpdir(), 'spinscope-policy-insight-'));
    const wasm = JSON.stringify(await buildComponent('probe'));
    await writeFile(
      join(dir, 'spin.toml'),
      `spin_manifest_version = 2
[application]
name = "policy-insight"
[variables]
upstream = { default = "${named.host}" }
[[trigger.http]]
route = "/..."
component = "frontend"
[[trigger.http]]
route = { private = true }
component = "backend"
[component.frontend]
source = ${wasm}
allowed_outbound_hosts = ["http://{{ upstream }}", "*://127.0.0.1:*", "http://backend.spin.internal", "https://unused.test"]
[component.backend]
source = ${wasm}
`,
    );
    session = await ProjectSession.open({ project: dir, listen: '127.0.0.1:0', engine: testEngineOptions(), timeoutMs: 10_000, recentProjectsFile: join(dir, 'recent.json'), env: {} });
    origin = (await session.status()).origin ?? '';
    // Allowed: by the template, by the wildcard entry, by chaining. Denied: a self request, localhost.
    expect(await fetchVia(`http://${named.host}/data`)).toBe(200);
    expect(await fetchVia(`http://${other.host}/x`)).toBe(200);
    expect(await fetchVia('http://backend.spin.internal/count')).toBe(200);
    expect(await fetchVia('http://self.alt/count')).toBe(500);
    expect(await fetchVia(`http://localhost:${other.host.split(':')[1]}/y`)).toBe(500);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    named?.server.close();
    other?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists no change for the list as enforced', async () => {
    const result = await session.whatIfAllowedHosts('frontend', ['http://{{ upstream }}', '*://127.0.0.1:*', 'http://backend.spin.internal', 'https://unused.test']);
    expect(result).toMatchObject({ component: 'frontend', calls: 5, changes: [] });
  });

  it('shows the calls a narrower list would deny, with the entry that allowed each', async () => {
    const result = await session.whatIfAllowedHosts('frontend', ['http://{{ upstream }}']);
    expect(result.changes.map(({ call, before, after }) => [call.method, call.url, before, after])).toEqual([
      ['GET', `http://${other.host}/x`, { allowed: true, allowedBy: '*://127.0.0.1:*' }, { allowed: false }],
      ['GET', 'http://backend.spin.internal/count', { allowed: true, allowedBy: 'http://backend.spin.internal' }, { allowed: false }],
    ]);
    expect(result.changes[0]?.call.traceId).toMatch(/\S/);
  });

  it('shows denied calls a list would allow: a self request by http://self, localhost by its entry', async () => {
    const result = await session.whatIfAllowedHosts('frontend', ['http://{{ upstream }}', '*://127.0.0.1:*', 'http://backend.spin.internal', 'http://self', 'http://localhost:*']);
    expect(result.changes.map(({ call, before, after }) => [call.url, before.allowed, after.allowedBy])).toEqual([
      ['http://self.alt/count', false, 'http://self'],
      [`http://localhost:${other.host.split(':')[1]}/y`, false, 'http://localhost:*'],
    ]);
  });

  it('rejects a list Spin would refuse, with its message', async () => {
    await expect(session.whatIfAllowedHosts('frontend', ['http://example.com:99999'])).rejects.toThrow('port "99999" is not a number');
    await expect(session.whatIfAllowedHosts('nobody', [])).rejects.toThrow('the app has no component "nobody"');
  });

  it('audits each component: unused and too-broad entries, and the narrowest list, which keeps every call allowed once applied', async () => {
    const [frontend, backend] = await session.auditAllowedHosts();
    expect(frontend).toEqual({
      component: 'frontend',
      current: ['http://{{ upstream }}', '*://127.0.0.1:*', 'http://backend.spin.internal', 'https://unused.test'],
      entries: [
        { entry: 'http://{{ upstream }}', verdict: 'needed', allowed: 1, reasons: [], narrowTo: ['http://{{ upstream }}'] },
        { entry: '*://127.0.0.1:*', verdict: 'too-broad', allowed: 1, reasons: ['any scheme (*://)', 'every port (:*)'], narrowTo: [`http://${other.host}`] },
        { entry: 'http://backend.spin.internal', verdict: 'needed', allowed: 1, reasons: [], narrowTo: ['http://backend.spin.internal'] },
        { entry: 'https://unused.test', verdict: 'unused', allowed: 0, reasons: [], narrowTo: [] },
      ],
      narrowed: ['http://{{ upstream }}', `http://${other.host}`, 'http://backend.spin.internal'],
      calls: 5,
      allowedCalls: 3,
    });
    expect(backend).toMatchObject({ component: 'backend', entries: [], narrowed: [], calls: 0 });

    expect((await session.whatIfAllowedHosts('frontend', frontend?.narrowed ?? [])).changes).toEqual([]);
    await session.setAllowedHosts('frontend', frontend?.narrowed ?? [], { save: false });
    const hits = [named.hits(), other.hits()];
    expect(await fetchVia(`http://${named.host}/data`)).toBe(200);
    expect(await fetchVia(`http://${other.host}/x`)).toBe(200);
    expect(await fetchVia('http://backend.spin.internal/count')).toBe(200);
    expect([named.hits(), other.hits()]).toEqual([hits[0]! + 1, hits[1]! + 1]);
    expect((await session.auditAllowedHosts())[0]?.entries.map((entry) => entry.verdict)).toEqual(['needed', 'needed', 'needed']);
  });
});
