import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, copyExample, type McpSession } from '../support/mcp-client.js';
import { openUiInspector, type UiInspector } from '../support/ui-inspector.js';

const TIMEOUT_MS = 120_000;

/** An agent attached with `spinscope mcp --attach --allow-writes` changes the app; the developer's inspector says who did. */
describe('an agent\'s changes in the inspector', () => {
  let work: string;
  let api: Server;
  let opened: UiInspector;
  let mcp: McpSession;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-mcp-'));
    api = createServer((request, response) => response.end(`greetings from the API at ${request.url}`));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    const project = await copyExample(join(work, 'project'));
    opened = await openUiInspector(work, [project, '--state-dir', '', '--variable', `api_host=${apiHost}`, '--variable', 'api_scheme=http']);
    mcp = await connectMcp(work, ['--attach', opened.url, '--allow-writes']);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await mcp?.close();
    await opened?.close();
    api?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows an agent\'s session change to allowed_outbound_hosts as a reload row made by the agent', async () => {
    const set = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['http://backend.spin.internal', 'http://self'] });
    expect(set.isError).toBeUndefined();
    const { page } = opened.inspector;
    const row = page.getByRole('row', { name: /RELOAD\s+session change, by agent: allowed_outbound_hosts of frontend\s+OK/ });
    await row.click();
    const details = page.getByRole('complementary', { name: 'Reload details' });
    expect(await details.textContent()).toContain('a session change to allowed_outbound_hosts by an agent (spinscope mcp) (not saved to spin.toml)');
    expect(opened.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
