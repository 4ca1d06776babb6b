import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH, decodeMessage, encodeMessage, type ClientMessage, type ServerMessage } from '../../runtime/api/bridge-protocol.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { writeProbeProject } from '../support/probe-project.js';
import { inspectorUrl, interrupt, printed, spawnUi, type UiProcess } from '../support/spinscope-ui.js';

const BUILD_TIMEOUT_MS = 180_000;

/** The WebSocket address of the API behind the printed inspector address, with its token or with `token`. */
function apiAddress(inspector: string, token = new URL(inspector).searchParams.get('token') ?? ''): string {
  return `ws://${new URL(inspector).host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
}

/** Calls `method` over the inspector's WebSocket, as the renderer would, from the page's origin. */
async function callOver(inspector: string, method: Extract<ClientMessage, { type: 'call' }>['method'], args: unknown[] = []): Promise<unknown> {
  const socket = new WebSocket(apiAddress(inspector), { headers: { origin: new URL(inspector).origin } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answer = new Promise<ServerMessage>((resolve) => socket.once('message', (data) => resolve(decodeMessage(String(data)) as ServerMessage)));
  socket.send(encodeMessage({ type: 'call', id: 1, method, args }));
  const message = await answer;
  socket.close();
  return message.type === 'result' ? message.value : message;
}

const statusOver = (inspector: string): Promise<unknown> => callOver(inspector, 'status');

/** The status code an upgrade to `address` with `origin` was refused with. */
function refusedUpgrade(address: string, origin: string): Promise<number> {
  const socket = new WebSocket(address, { headers: { origin } });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.on('error', () => undefined);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
  });
}

/**
 * Sends a WebSocket upgrade to `path` with the bridge's own Origin and Host and, in the
 * same write, a masked text frame calling `openProject(project)`, as a local process
 * forging a browser would; resolves with everything the bridge sent back before closing
 * or once it has answered the call.
 */
function upgradeWithCall(inspector: string, path: string, project: string): Promise<string> {
  const { host, origin, port } = new URL(inspector);
  const payload = Buffer.from(encodeMessage({ type: 'call', id: 1, method: 'openProject', args: [project] }));
  const mask = randomBytes(4);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const frame = Buffer.concat([Buffer.from([0x81]), length, mask, payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0))]);
  const upgrade =
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from(upgrade), frame])));
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('"type":"result"') || received.includes('"type":"error"')) socket.destroy();
    });
    socket.on('close', () => resolve(received)).on('error', reject);
  });
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
    const inspector = await inspectorUrl(ui);
    const origin = (await printed(ui, 'stdout', /Serving (http:\/\/127\.0\.0\.1:\d+)\nAvailable Routes:\n {2}frontend: http:\/\/127\.0\.0\.1:\d+ \(wildcard\)\n/))[1] ?? '';
    expect(await (await fetch(`${origin}/hi`)).text()).toBe('hello from /hi');
    expect(inspector).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const page = await fetch(inspector);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://${new URL(inspector).host}`);
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
    const inspector = await inspectorUrl(ui);
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
    const inspector = await inspectorUrl(ui);
    const origin = (await printed(ui, 'stdout', /Serving (http:\/\/127\.0\.0\.1:\d+)\n/))[1] ?? '';
    expect(await (await fetch(`${origin}/env`)).text()).toBe('FROM=ui\nKEEP=kept\n');
    const warning = 'The following component routes are duplicates and will never be used:\n  first: /... (duplicate of second)';
    expect(ui.output.stderr).toBe(`Warning: ${warning}\n`);
    expect(await statusOver(inspector)).toMatchObject({ state: 'running', warnings: [{ message: warning }] });
    expect(await interrupt(ui)).toBe(0);
  });

  it('refuses the API without its token even from its own Origin (401), running nothing sent along, and serves it with the token', async () => {
    const project = await writeProbeProject('guarded-app', work);
    const victim = await writeProbeProject('victim-app', work);
    const ui = spawnUi(work, [project, '--variable', 'upstream=127.0.0.1:4']);
    running.push(ui);
    const inspector = await inspectorUrl(ui);
    const { origin } = new URL(inspector);
    await printed(ui, 'stdout', /Serving /);
    const before = await statusOver(inspector);
    expect(before).toMatchObject({ state: 'running', appName: 'guarded-app' });

    const wrong = randomBytes(24).toString('hex');
    expect(await refusedUpgrade(`ws://${new URL(inspector).host}${BRIDGE_PATH}`, origin)).toBe(401);
    expect(await refusedUpgrade(apiAddress(inspector, wrong), origin)).toBe(401);
    expect(await upgradeWithCall(inspector, BRIDGE_PATH, victim)).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(await upgradeWithCall(inspector, `${BRIDGE_PATH}?token=${wrong}`, victim)).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    // A page of another loopback origin is refused even with the token.
    expect(await refusedUpgrade(apiAddress(inspector), 'http://127.0.0.1:1')).toBe(403);
    expect(await statusOver(inspector)).toEqual(before);
    expect(await callOver(inspector, 'recentProjects')).not.toContain(join(victim, 'spin.toml'));

    // The same bytes with the token do run: the refusals above are what stopped them.
    const token = new URL(inspector).searchParams.get('token') ?? '';
    const accepted = await upgradeWithCall(inspector, `${BRIDGE_PATH}?token=${token}`, victim);
    expect(accepted).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(accepted).toContain('"appName":"victim-app"');
    expect(await interrupt(ui)).toBe(0);
  }, BUILD_TIMEOUT_MS);

  it('takes its token from --token, else SPINSCOPE_TOKEN, and refuses a short one before starting', async () => {
    const empty = await mkdtemp(join(work, 'no-project-'));
    const flagToken = 'token-from-the-flag-0123456789';
    const envToken = 'token-from-the-environment-0123456789';
    const both = spawnUi(work, [empty, '--token', flagToken], { token: envToken });
    running.push(both);
    const flagged = await inspectorUrl(both);
    expect(new URL(flagged).searchParams.get('token')).toBe(flagToken);
    expect(await statusOver(flagged)).toMatchObject({ state: 'failed' });
    expect(await refusedUpgrade(apiAddress(flagged, envToken), new URL(flagged).origin)).toBe(401);
    expect(await interrupt(both)).toBe(0);

    const fromEnv = spawnUi(work, [empty], { token: envToken });
    running.push(fromEnv);
    const printedUrl = await inspectorUrl(fromEnv);
    expect(printedUrl).toBe(`${new URL(printedUrl).origin}/?token=${envToken}`);
    expect(await statusOver(printedUrl)).toMatchObject({ state: 'failed' });
    expect(await interrupt(fromEnv)).toBe(0);

    for (const [args, env, message] of [
      [['--token', 'short'], undefined, 'Error: --token must be at least 16 characters'],
      [[], 'with spaces, at least sixteen', 'Error: SPINSCOPE_TOKEN must be at least 16 characters'],
    ] as const) {
      const refused = spawnUi(work, [empty, ...args], env === undefined ? {} : { token: env });
      const code = await new Promise<number | null>((resolve) => refused.child.once('exit', resolve));
      expect(code).toBe(2);
      expect(refused.output.stderr).toContain(message);
      expect(refused.output.stdout).not.toContain('Inspector:');
    }
  });
});
