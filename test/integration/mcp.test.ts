import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedHostError, AllowedHosts } from '../../runtime/permissions/index.js';
import { connectMcp, copyExample, textOf, type McpSession } from '../support/mcp-client.js';
import { thrown } from '../support/thrown.js';

const TIMEOUT_MS = 180_000;
const WRITE_TOOLS = ['set_allowed_hosts', 'save_allowed_hosts', 'reload_app'];
const FRONTEND_HOSTS = 'allowed_outbound_hosts = ["http://backend.spin.internal"]';

interface Row {
  readonly id: string;
  readonly traceId: string;
  readonly kind: string;
  readonly url: string;
  readonly status: string;
  readonly suggestion?: string;
}

/** The bundled example, run by `spinscope mcp`: its frontend's call to the app itself (`http://self.alt/motd`) is denied until `http://self` is allowed. */
describe('spinscope mcp', () => {
  let work: string;
  let api: Server;
  let appArgs: (project: string) => string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-mcp-'));
    // The backend's "external" API, on 127.0.0.1.
    api = createServer((request, response) => response.end(`greetings from the API at ${request.url}`));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    appArgs = (project) => [project, '--listen', '127.0.0.1:0', '--state-dir', '', '--variable', `api_host=${apiHost}`, '--variable', 'api_scheme=http'];
  });

  afterAll(async () => {
    api.close();
    await rm(work, { recursive: true, force: true });
  });

  describe('without --allow-writes', () => {
    let mcp: McpSession;

    beforeAll(async () => {
      mcp = await connectMcp(work, appArgs(await copyExample(join(work, 'read-only'))));
    }, TIMEOUT_MS);
    afterAll(() => mcp?.close());

    it('lists every tool, the write tools saying they are off', async () => {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['list_traffic', 'get_trace', 'explain_denial', 'check_urls', 'suggest_allow_list', 'what_if_allowed_hosts', 'audit_allowed_hosts', 'app_status', 'send_request', 'replay_trace', 'build_output', ...WRITE_TOOLS]));
      for (const tool of tools.filter((candidate) => WRITE_TOOLS.includes(candidate.name))) expect(tool.description).toContain('--allow-writes');
      expect(mcp.stderr()).toMatch(/serving at http:\/\/127\.0\.0\.1:\d+/);
    });

    it('lists the traffic of a request sent to the app, filtered with the inspector\'s filter language', async () => {
      const sent = await mcp.call('send_request', { path: '/' });
      expect(sent.isError).toBeUndefined();
      const { status, traceId } = sent.structuredContent as { status: number; traceId: string };
      expect(status).toBe(200);

      const all = (await mcp.call('list_traffic', {})).structuredContent as { rows: Row[] };
      const trace = all.rows.filter((row) => row.traceId === traceId);
      expect(trace.map((row) => `${row.kind} ${row.url}`)).toEqual(expect.arrayContaining(['inbound /', 'chain http://backend.spin.internal/greeting', 'denied http://self.alt/motd']));

      const denied = await mcp.call('list_traffic', { filter: 'decision:denied component:frontend' });
      const rows = (denied.structuredContent as { rows: Row[] }).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'denied', url: 'http://self.alt/motd', status: 'DENIED', suggestion: 'http://self' });
      expect(textOf(denied)).toMatch(/^1 of \d+ rows match "decision:denied component:frontend"/);
    }, TIMEOUT_MS);

    it('says which term of a filter excludes everything, and what is wrong with a term', async () => {
      const none = await mcp.call('list_traffic', { filter: 'status:418 component:frontend' });
      expect(textOf(none)).toContain('`status:418` matches none of');
      const wrong = await mcp.call('list_traffic', { filter: 'status:abc' });
      expect((wrong.structuredContent as { problems: string[] }).problems[0]).toMatch(/^error: /);
    });

    it('explains a denial: Spin\'s reason, its lines and the entry that fixes it', async () => {
      const result = await mcp.call('explain_denial', {});
      expect(result.isError).toBeUndefined();
      const text = textOf(result);
      expect(text).toContain('frontend was denied an HTTP request to http://self.alt/motd');
      expect(text).toContain('Outbound network destination not allowed: http://self');
      expect(text).toContain('fix: set_allowed_hosts (or save_allowed_hosts) with ["http://backend.spin.internal","http://self"]');
      expect(result.structuredContent).toMatchObject({ denial: { component: 'frontend', explanation: { allowed: false, suggestion: 'http://self' } } });
    });

    it('returns a trace with its bodies, cut where asked and saying so', async () => {
      const { rows } = (await mcp.call('list_traffic', { filter: 'kind:inbound url:/' })).structuredContent as { rows: Row[] };
      const result = await mcp.call('get_trace', { traceId: rows.at(-1)!.traceId, maxBodyBytes: 10 });
      const { events } = result.structuredContent as { events: { kind: string; body?: { size: number; shownBytes: number; truncated?: string } }[] };
      const response = events.find((event) => event.kind === 'inbound.response' && event.body !== undefined)!;
      expect(response.body!.shownBytes).toBe(10);
      expect(response.body!.size).toBeGreaterThan(10);
      expect(response.body!.truncated).toContain('cut at maxBodyBytes (10)');
    });

    it('checks URLs against a component\'s policy without sending them', async () => {
      const result = await mcp.call('check_urls', { component: 'frontend', urls: ['http://backend.spin.internal/greeting', '/motd'] });
      expect(result.structuredContent).toMatchObject({ allAllowed: false, explanations: [{ allowed: true, matchedBy: 'http://backend.spin.internal' }, { allowed: false, suggestion: 'http://self' }] });
    });

    it('suggests the allow-list learn mode would', async () => {
      const result = await mcp.call('suggest_allow_list', { component: 'frontend' });
      expect(result.structuredContent).toMatchObject({ components: [{ component: 'frontend', proposed: ['http://backend.spin.internal', 'http://self'] }] });
    });

    it('reads a URL on self.alt as a self request when checking URLs, as hosts check does', async () => {
      const result = await mcp.call('check_urls', { component: 'frontend', urls: ['http://self.alt/motd'] });
      expect(result.structuredContent).toMatchObject({ allAllowed: false, explanations: [{ allowed: false, suggestion: 'http://self' }] });
    });

    it('says what a proposed list would change over the recorded calls, applying nothing (spec §9.40)', async () => {
      const widened = await mcp.call('what_if_allowed_hosts', { component: 'frontend', entries: ['http://backend.spin.internal', 'http://self'] });
      expect(widened.structuredContent).toMatchObject({ whatIf: { changes: [{ call: { url: 'http://self.alt/motd' }, before: { allowed: false }, after: { allowed: true, allowedBy: 'http://self' } }] } });
      const emptied = await mcp.call('what_if_allowed_hosts', { component: 'frontend', entries: [] });
      expect(textOf(emptied)).toMatch(/http:\/\/backend\.spin\.internal\/greeting \(id \S+\): allowed by "http:\/\/backend\.spin\.internal" -> denied/);
      const refused = await mcp.call('what_if_allowed_hosts', { component: 'frontend', entries: ['http://exa mple.com'] });
      expect(refused.isError).toBe(true);
    });

    it('audits the allow-lists against the session: the unused https template, the narrowest list', async () => {
      const result = await mcp.call('audit_allowed_hosts', { component: 'backend' });
      const { audits } = result.structuredContent as { audits: { component: string; entries: { entry: string; verdict: string }[]; narrowed: string[] }[] };
      expect(audits).toEqual([expect.objectContaining({ component: 'backend', narrowed: ['http://{{ api_host }}'] })]);
      expect(audits[0]!.entries).toEqual([expect.objectContaining({ entry: 'https://{{ api_host }}', verdict: 'unused' }), expect.objectContaining({ entry: 'http://{{ api_host }}', verdict: 'needed' })]);
      expect(textOf(result)).toContain('narrowest list: ["http://{{ api_host }}"]');
    });

    it('refuses a write with a tool error saying how to allow writes, changing nothing', async () => {
      const result = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['http://backend.spin.internal', 'http://self'] });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^SPINSCOPE_MCP_WRITES_OFF: writes are off: .*--allow-writes/);
      const { components } = (await mcp.call('app_status')).structuredContent as { components: { id: string; unsaved?: boolean }[] };
      expect(components.find((component) => component.id === 'frontend')?.unsaved).toBeUndefined();
    });

    it('turns API errors into tool errors with the API\'s code and message', async () => {
      const unknown = await mcp.call('check_urls', { component: 'nope', urls: ['https://example.test'] });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toBe('SPINSCOPE_UNKNOWN_COMPONENT: the app has no component "nope"; its components are "frontend", "backend"');
      expect(unknown.structuredContent).toMatchObject({ error: { code: 'SPINSCOPE_UNKNOWN_COMPONENT', name: 'UnknownComponentError', component: 'nope' } });
      const replay = await mcp.call('replay_trace', { traceId: 'no-such-trace' });
      expect(replay.isError).toBe(true);
      expect(textOf(replay)).toMatch(/^SPINSCOPE_REPLAY: /);
    });

    it('notifies a subscriber of the denials resource of each new denial', async () => {
      const updated = new Promise<string>((resolve) => mcp.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => resolve(notification.params.uri)));
      await mcp.client.subscribeResource({ uri: 'spinscope://alerts/denials' });
      await mcp.call('send_request', { path: '/' });
      expect(await updated).toBe('spinscope://alerts/denials');
      const resource = await mcp.client.readResource({ uri: 'spinscope://alerts/denials' });
      const { alerts } = JSON.parse((resource.contents[0] as { text: string }).text) as { alerts: { target: string; suggestion: string }[] };
      expect(alerts.at(-1)).toMatchObject({ target: 'http://self.alt/motd', suggestion: 'http://self' });
    }, TIMEOUT_MS);
  });

  it('serves an app that fails to load, its problem located in spin.toml for the agent', async () => {
    const project = join(work, 'broken');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'spin.toml'), 'spin_manifest_version = 2\n\n[application]\nname = "broken"\n\n[component.web]\nsource = "web.wasm"\nallowed_outbound_hosts = "https://example.test"\n');
    const mcp = await connectMcp(work, [project, '--listen', '127.0.0.1:0']);
    try {
      const { status } = (await mcp.call('app_status')).structuredContent as { status: { state: string; problem: { code: string; file: string; line: number } } };
      expect(status.state).toBe('failed');
      expect(status.problem).toMatchObject({ code: 'SPINSCOPE_MANIFEST', file: join(project, 'spin.toml'), line: 8 });
      expect(mcp.stderr()).toContain(`Error: ${join(project, 'spin.toml')}:8`);
      const sent = await mcp.call('send_request', { path: '/' });
      expect(textOf(sent)).toMatch(/^SPINSCOPE_NOT_RUNNING: cannot send a request: no app is running/);
    } finally {
      await mcp.close();
    }
  }, TIMEOUT_MS);

  describe('with --allow-writes', () => {
    let mcp: McpSession;
    let project: string;

    beforeAll(async () => {
      project = await copyExample(join(work, 'writable'));
      mcp = await connectMcp(work, [...appArgs(project), '--allow-writes']);
    }, TIMEOUT_MS);
    afterAll(() => mcp?.close());

    it('allows a host for the session: the next request is allowed, and the inspector\'s timeline shows the change as the agent\'s', async () => {
      const set = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['http://backend.spin.internal', 'http://self'] });
      expect(set.structuredContent).toMatchObject({ component: 'frontend', allowedOutboundHosts: ['http://backend.spin.internal', 'http://self'], unsaved: true });
      const sent = (await mcp.call('send_request', { path: '/' })).structuredContent as { rows: Row[] };
      expect(sent.rows.find((row) => row.url === 'http://self.alt/motd')).toMatchObject({ kind: 'outbound', status: '200' });

      const reloads = (await mcp.call('list_traffic', { filter: 'kind:reload' })).structuredContent as { rows: Row[] };
      expect(reloads.rows.at(-1)?.url).toBe('session change, by agent: allowed_outbound_hosts of frontend');
      const { events } = (await mcp.call('get_trace', { traceId: reloads.rows.at(-1)!.traceId })).structuredContent as { events: { kind: string; actor?: string }[] };
      expect(events).toEqual([expect.objectContaining({ kind: 'app.reloaded', trigger: 'session', actor: 'agent' })]);
    }, TIMEOUT_MS);

    it('refuses an entry Spin would refuse with Spin\'s message, changing nothing', async () => {
      const result = await mcp.call('set_allowed_hosts', { component: 'frontend', entries: ['ftp://example.test'] });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(`SPINSCOPE_ALLOWED_HOST: ${thrown(AllowedHostError, () => AllowedHosts.parse(['ftp://example.test'])).message}`);
    });

    it('saves to spin.toml keeping its comments and layout, and reloads as the agent', async () => {
      const before = await readFile(join(project, 'spin.toml'), 'utf8');
      const saved = await mcp.call('save_allowed_hosts', { component: 'frontend', entries: ['http://backend.spin.internal', 'http://self'] });
      expect(saved.isError).toBeUndefined();
      const after = await readFile(join(project, 'spin.toml'), 'utf8');
      expect(after).toBe(before.replace(FRONTEND_HOSTS, 'allowed_outbound_hosts = ["http://backend.spin.internal", "http://self"]'));
      const reloads = (await mcp.call('list_traffic', { filter: 'kind:reload' })).structuredContent as { rows: Row[] };
      // The session change before it already enforced this list, so the reload changes no policy.
      expect(reloads.rows.at(-1)?.url).toBe('spin.toml, by agent: nothing changed');
    }, TIMEOUT_MS);

    it('reloads the app as the agent', async () => {
      const result = await mcp.call('reload_app');
      expect(result.structuredContent).toMatchObject({ status: { state: 'running' } });
      const reloads = (await mcp.call('list_traffic', { filter: 'kind:reload' })).structuredContent as { rows: Row[] };
      expect(reloads.rows.at(-1)?.url).toBe('restart, by agent: nothing changed');
    }, TIMEOUT_MS);
  });
});
