import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH, decodeMessage, encodeMessage, type ServerMessage } from '../../runtime/api/bridge-protocol.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { writeProbeProject } from '../support/probe-project.js';
import { interrupt, printed, spawnUi, type UiProcess } from '../support/spinscope-ui.js';

const BUILD_TIMEOUT_MS = 180_000;

/** Calls `status` over the inspector's WebSocket, as the renderer would. */
async function statusOver(inspector: string): Promise<unknown> {
  const socket = new WebSocket(`${inspector.replace('http', 'ws')}${BRIDGE_PATH}`, { headers: { origin: inspector } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answer = new Promise<ServerMessage>((resolve) => socket.once('message', (data) => resolve(decodeMessage(String(data)) as ServerMessage)));
  socket.send(encodeMessage({ type: 'call', id: 1, method: 'status', args: [] }));
  const message = await answer;
  socket.close();
  return message.type === 'result' ? message.value : message;
}

describe('spinscope ui', () => {
  let work: string;
  const running: UiProcess[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-ui-'));
  });

  afterAll(async () => {
    for (const ui of running) if (ui.child.exitCode === null) ui.child.kill('SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('serves the app and the inspector on a free port, then stops cleanly on SIGINT', async () => {
    const project = await writeProbeProject('ui-app', work);
    const ui = spawnUi(work, [project, '--variable', 'upstream=127.0.0.1:4']);
    running.push(ui);
    const inspector = (await printed(ui, 'stdout', /Inspector: (http:\/\/127\.0\.0\.1:\d+)\n/))[1] ?? '';
    const origin = (await printed(ui, 'stdout', /Serving (http:\/\/127\.0\.0\.1:\d+)\nAvailable Routes:\n {2}frontend: http:\/\/127\.0\.0\.1:\d+ \(wildcard\)\n/))[1] ?? '';
    expect(await (await fetch(`${origin}/hi`)).text()).toBe('hello from /hi');
    const page = await fetch(inspector);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${inspector.replace('http', 'ws')}`);
    expect(await statusOver(inspector)).toMatchObject({ state: 'running', appName: 'ui-app', origin });
    expect(await interrupt(ui)).toBe(0);
    expect(ui.output.stderr).toBe('');
  }, BUILD_TIMEOUT_MS);

  it('still serves the inspector when the project fails to load, and prints the error', async () => {
    const broken = join(work, 'broken');
    await writeProbeProject('broken', work);
    await writeFile(join(broken, 'spin.toml'), 'spin_manifest_version = 2\n[application\nname = "broken"\n');
    const ui = spawnUi(work, ['-f', join(broken, 'spin.toml')]);
    running.push(ui);
    const inspector = (await printed(ui, 'stdout', /Inspector: (http:\/\/127\.0\.0\.1:\d+)\n/))[1] ?? '';
    await printed(ui, 'stderr', /Error: .*spin\.toml:2/);
    expect(await statusOver(inspector)).toMatchObject({ state: 'failed', problem: { file: join(broken, 'spin.toml'), line: 2 } });
    expect(ui.output.stdout).not.toContain('Serving');
    expect(await interrupt(ui)).toBe(0);
  }, BUILD_TIMEOUT_MS);

  it('gives every component --env over its environment, and warns of duplicate routes here and in the status', async () => {
    const project = join(work, 'env-app');
    const wasm = JSON.stringify(await buildWatComponent('response-shapes', 'response-shapes'));
    await mkdir(project);
    await writeFile(
      join(project, 'spin.toml'),
      `spin_manifest_version = 2\n[application]\nname = "env-app"\n[[trigger.http]]\nroute = "/..."\ncomponent = "first"\n` +
        `[[trigger.http]]\nroute = "/..."\ncomponent = "second"\n[component.first]\nsource = ${wasm}\n` +
        `[component.second]\nsource = ${wasm}\nenvironment = { FROM = "spin.toml", KEEP = "kept" }\n`,
    );
    const ui = spawnUi(work, [project, '-e', 'FROM=ui']);
    running.push(ui);
    const inspector = (await printed(ui, 'stdout', /Inspector: (http:\/\/127\.0\.0\.1:\d+)\n/))[1] ?? '';
    const origin = (await printed(ui, 'stdout', /Serving (http:\/\/127\.0\.0\.1:\d+)\n/))[1] ?? '';
    expect(await (await fetch(`${origin}/env`)).text()).toBe('FROM=ui\nKEEP=kept\n');
    const warning = 'The following component routes are duplicates and will never be used:\n  first: /... (duplicate of second)';
    expect(ui.output.stderr).toBe(`Warning: ${warning}\n`);
    expect(await statusOver(inspector)).toMatchObject({ state: 'running', warnings: [{ message: warning }] });
    expect(await interrupt(ui)).toBe(0);
  });
});
