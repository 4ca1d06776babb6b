import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

/** Two components on the same catch-all, and a static response and a component on the same path. */
function manifest(wasm: string): string {
  return `spin_manifest_version = 2
[application]
name = "duplicates"

[[trigger.http]]
route = "/..."
component = "first"

[[trigger.http]]
route = "/..."
component = "second"

[[trigger.http]]
route = "/gone"
static_response = { status_code = 410 }

[[trigger.http]]
route = "/gone"
component = "first"

[component.first]
source = ${JSON.stringify(wasm)}

[component.second]
source = ${JSON.stringify(wasm)}
allowed_outbound_hosts = ["http://first.spin.internal"]
`;
}

/** `HttpServer::new`'s error lines for this app, as one warning. */
const DUPLICATES_WARNING =
  'The following component routes are duplicates and will never be used:\n  first: /... (duplicate of second)\n  http-trigger1: /gone (duplicate of first)';

describe('duplicate routes: Spin logs them and the later trigger wins (spec §15.64)', () => {
  let dir: string;
  let running: RunningApp;

  const inboundTrace = async (path: string): Promise<SpinscopeEvent[]> => {
    let trace: SpinscopeEvent[] = [];
    await vi.waitFor(() => {
      const request = running.events.events().findLast((event) => event.kind === 'inbound.request' && event.pathWithQuery === path);
      trace = request === undefined ? [] : (running.events.trace(request.traceId) ?? []);
      expect(trace.filter((event) => event.kind === 'inbound.response')).toHaveLength(trace.filter((event) => event.kind === 'inbound.request').length);
    });
    return trace;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-duplicates-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts, serving each duplicated route from the later trigger', async () => {
    expect(await (await fetch(`${running.url}/hello`)).text()).toBe('hello from /hello');
    expect((await inboundTrace('/hello'))[0]).toMatchObject({ kind: 'inbound.request', component: 'second' });
    const gone = await fetch(`${running.url}/gone`);
    expect([gone.status, await gone.text()]).toEqual([200, 'hello from /gone']);
    expect((await inboundTrace('/gone'))[0]).toMatchObject({ component: 'first' });
  });

  it('keeps a losing component reachable by service chaining', async () => {
    const path = `/fetch?url=${encodeURIComponent('http://first.spin.internal/chained')}`;
    expect(await (await fetch(`${running.url}${path}`)).text()).toBe('upstream said 200: hello from /chained');
    const trace = await inboundTrace(path);
    expect(trace.filter((event) => event.kind === 'inbound.request')).toMatchObject([{ component: 'second' }, { component: 'first', chainedFrom: 'second' }]);
  });

  it("reports the duplicates in Spin's words, once, under its heading", () => {
    expect(running.routeWarnings).toEqual([DUPLICATES_WARNING]);
    expect(running.routes.map((route) => route.component ?? route.staticTrigger)).toEqual(['first', 'second']);
  });

  it("puts the warning in the session's status for the inspector, beside the manifest's own", async () => {
    const session = await ProjectSession.open({
      project: dir,
      listen: '127.0.0.1:0',
      engine: testEngineOptions(),
      env: {},
      recentProjectsFile: join(dir, 'recent.json'),
    });
    try {
      const status = await session.status();
      expect(status.state).toBe('running');
      expect(status.warnings).toEqual([{ message: DUPLICATES_WARNING }]);
      expect(session.warnings()).toEqual(status.warnings);
    } finally {
      await session.close();
    }
  });
});
