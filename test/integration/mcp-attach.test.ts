import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, copyExample, textOf } from '../support/mcp-client.js';
import { inspectorUrl, interrupt, spawnUi, type UiProcess } from '../support/spinscope-ui.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const TIMEOUT_MS = 180_000;
const TOKEN = 'attach-test-token-0123456789';

/** Runs `spinscope mcp ...args` to its end, with nothing on stdin; its exit code and stderr. */
function runMcp(args: readonly string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [BIN, 'mcp', ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

/** `spinscope mcp --attach` against a running `spinscope ui` of the bundled example: the same tools over its bridge. */
describe('spinscope mcp --attach', () => {
  let work: string;
  let api: Server;
  let ui: UiProcess;
  let inspector: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-mcp-attach-'));
    api = createServer((request, response) => response.end(`greetings from the API at ${request.url}`));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    const project = await copyExample(join(work, 'project'));
    ui = spawnUi(work, [project, '--state-dir', '', '--variable', `api_host=${apiHost}`, '--variable', 'api_scheme=http'], { sharedTranspileCache: true, token: TOKEN });
    inspector = await inspectorUrl(ui);
  }, TIMEOUT_MS);

  afterAll(async () => {
    if (ui !== undefined) await interrupt(ui);
    api.close();
    await rm(work, { recursive: true, force: true });
  });

  it('lists the traffic of spinscope ui\'s app and explains its denials, with the address ui printed', async () => {
    const mcp = await connectMcp(work, ['--attach', inspector]);
    try {
      const sent = await mcp.call('send_request', { path: '/' });
      expect(sent.structuredContent).toMatchObject({ status: 200 });
      const denied = await mcp.call('list_traffic', { filter: 'decision:denied' });
      expect(denied.structuredContent).toMatchObject({ rows: [{ kind: 'denied', url: 'http://self.alt/motd', suggestion: 'http://self' }] });
      expect(textOf(await mcp.call('explain_denial'))).toContain('fix: set_allowed_hosts (or save_allowed_hosts) with ["http://backend.spin.internal","http://self"]');
      const refused = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['http://self'] });
      expect(textOf(refused)).toMatch(/^SPINSCOPE_MCP_WRITES_OFF: /);
      const unknown = await mcp.call('check_urls', { component: 'nope', urls: ['https://example.test'] });
      expect(textOf(unknown)).toBe('SPINSCOPE_UNKNOWN_COMPONENT: the app has no component "nope"; its components are "frontend", "backend"');
    } finally {
      await mcp.close();
    }
  }, TIMEOUT_MS);

  it('with --allow-writes and the token in SPINSCOPE_TOKEN, allows a host for ui\'s session as the agent', async () => {
    const mcp = await connectMcp(work, ['--attach', new URL(inspector).origin, '--allow-writes'], { SPINSCOPE_TOKEN: TOKEN });
    try {
      const set = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['http://backend.spin.internal', 'http://self'] });
      expect(set.structuredContent).toMatchObject({ unsaved: true });
      const sent = (await mcp.call('send_request', { path: '/' })).structuredContent as { rows: { url: string; status: string }[] };
      expect(sent.rows.find((row) => row.url === 'http://self.alt/motd')?.status).toBe('200');
      const reloads = (await mcp.call('list_traffic', { filter: 'kind:reload' })).structuredContent as { rows: { url: string }[] };
      expect(reloads.rows.at(-1)?.url).toBe('session change, by agent: allowed_outbound_hosts of frontend');
      const failed = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['ftp://example.test'] });
      expect(textOf(failed)).toMatch(/^SPINSCOPE_ALLOWED_HOST: /);
    } finally {
      await mcp.close();
    }
  }, TIMEOUT_MS);

  it('fails clearly, before serving, when ui refuses the token', async () => {
    const { code, stderr, stdout } = await runMcp(['--attach', new URL(inspector).origin, '--token', 'not-the-token-of-this-ui']);
    expect(code).toBe(2);
    expect(stderr).toContain(`Error: spinscope ui at ${new URL(inspector).origin} refused the token`);
    expect(stdout).toBe('');
  }, TIMEOUT_MS);

  it('asks for the token when neither the address nor the flags carry one', async () => {
    const { code, stderr } = await runMcp(['--attach', new URL(inspector).origin]);
    expect(code).toBe(2);
    expect(stderr).toContain('needs the token of spinscope ui');
  });

  it('refuses app options with --attach: ui runs the app', async () => {
    const { code, stderr } = await runMcp(['--attach', inspector, '--listen', '127.0.0.1:0']);
    expect(code).toBe(2);
    expect(stderr).toContain('--attach serves the app spinscope ui runs; --listen would run another');
  });
});
