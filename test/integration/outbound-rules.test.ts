import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

// The cases of wasi:http's error-code, in WIT order: outbound-request.wat reports one as its index.
const ERROR_CODES = [
  'DNS-timeout', 'DNS-error', 'destination-not-found', 'destination-unavailable', 'destination-IP-prohibited',
  'destination-IP-unroutable', 'connection-refused', 'connection-terminated', 'connection-timeout',
  'connection-read-timeout', 'connection-write-timeout', 'connection-limit-reached', 'TLS-protocol-error',
  'TLS-certificate-error', 'TLS-alert-received', 'HTTP-request-denied',
];

const BIG = 'abcdefghij'.repeat(200);

const manifest = (source: string): string => `spin_manifest_version = 2

[application]
name = "outbound-rules"

[variables]
upstream = { required = true }
recorded = { required = true }

[[trigger.http]]
route = "/..."
component = "raw"

[component.raw]
source = ${JSON.stringify(source)}
allowed_outbound_hosts = ["http://{{ upstream }}", "http://{{ recorded }}"]
`;

/** A loopback server that notes every path it is asked for. */
interface Upstream {
  readonly server: Server;
  readonly authority: string;
  readonly hits: string[];
}

async function startUpstream(): Promise<Upstream> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/big') response.end(BIG);
    else if (request.url === '/binary') response.end(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    else if (request.url === '/json') {
      response.setHeader('content-type', 'application/json');
      response.setHeader('x-upstream', 'recorded');
      response.end('{"from":"upstream"}');
    } else response.end(`upstream saw ${request.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, authority: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

async function stop(upstream: Upstream | undefined): Promise<void> {
  if (upstream === undefined) return;
  upstream.server.closeAllConnections();
  await new Promise((resolve) => upstream.server.close(resolve));
}

async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

describe("outbound rules, acting on a real guest's calls to 127.0.0.1 upstreams", () => {
  let dir: string;
  let rulesFile: string;
  let session: ProjectSession;
  let upstream: Upstream;
  let denied: Upstream;
  let recorded: Upstream;

  const initialRules = (): string => `# rules for the test
[[rule]]
name = "stub data"
method = "GET"
url = "http://${upstream.authority}/stubbed"
action = "stub"
status = 203
headers = { "content-type" = "text/plain", "x-stub" = "yes" }
body = "from the rule"

[[rule]]
name = "slow"
url = "http://${upstream.authority}/delayed"
action = "delay"
ms = 300

[[rule]]
name = "no dns"
url = "http://${upstream.authority}/dns"
action = "fail"
error = "dns-error"

[[rule]]
name = "refused"
url = "http://${upstream.authority}/refused"
action = "fail"
error = "connection-refused"

[[rule]]
name = "timeout"
url = "http://${upstream.authority}/timeout"
action = "fail"
error = "connection-timeout"

[[rule]]
name = "reset"
url = "http://${upstream.authority}/big"
method = "POST"
action = "fail"
error = "connection-reset"
after_bytes = 25

[[rule]]
name = "throttled"
url = "http://${upstream.authority}/big"
action = "throttle"
bytes_per_second = 4000

[[rule]]
name = "stub the denied host"
url = "http://${denied.authority}"
action = "stub"
status = 200
body = "must never answer"
`;

  beforeAll(async () => {
    [upstream, denied, recorded] = await Promise.all([startUpstream(), startUpstream(), startUpstream()]);
    dir = await mkdtemp(join(tmpdir(), 'spinscope-rules-'));
    rulesFile = join(dir, '.spinscope', 'rules.toml');
    await writeFile(join(dir, 'spin.toml'), manifest(await buildWatComponent('outbound-request', 'outbound-request')));
    await mkdir(join(dir, '.spinscope'));
    await writeFile(rulesFile, initialRules());
    session = await ProjectSession.open({
      project: dir,
      listen: '127.0.0.1:0',
      engine: testEngineOptions(),
      timeoutMs: 10_000,
      env: {},
      recentProjectsFile: join(dir, 'recent.json'),
      variables: [`upstream=${upstream.authority}`, `recorded=${recorded.authority}`],
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await Promise.all([stop(upstream), stop(denied), stop(recorded)]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Has the guest send `method` (a digit of outbound-request.wat: 0 GET, 2 POST) to `authority` + `path`; what it saw, how long it took, and the trace. */
  async function call(authority: string, path: string, method = '0') {
    const origin = (await session.status()).origin ?? '';
    const started = performance.now();
    const response = await fetch(`${origin}/`, { headers: { 'x-method': method, 'x-scheme': '0', 'x-authority': authority, 'x-path': path } });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    const { events } = await session.events({ kinds: ['inbound.request'] });
    const inbound = events.at(-1);
    const trace = (await session.events({ traceId: inbound?.traceId ?? '' })).events;
    const error = response.headers.get('x-error');
    return {
      elapsed,
      error: error === null ? undefined : ERROR_CODES[Number(error)],
      status: response.headers.get('x-status'),
      body: response.headers.get('x-body'),
      bodyError: ERROR_CODES[Number(response.headers.get('x-body-error') ?? Number.NaN)],
      event: <K extends SpinscopeEvent['kind']>(kind: K) => trace.find((event): event is Extract<SpinscopeEvent, { kind: K }> => event.kind === kind),
    };
  }

  it('loads .spinscope/rules.toml beside spin.toml when the project opens', async () => {
    const rules = await session.outboundRules();
    expect(rules.file).toBe(rulesFile);
    expect(rules.rules.map((rule) => rule.name)).toEqual(['stub data', 'slow', 'no dns', 'refused', 'timeout', 'reset', 'throttled', 'stub the denied host']);
    expect(rules.recording).toBe(false);
    expect(rules.problem).toBeUndefined();
  });

  it('answers with a stub without touching the upstream, and the events say which rule did', async () => {
    const result = await call(upstream.authority, '/stubbed');
    expect(result).toMatchObject({ status: '203', body: 'from the rule' });
    expect(upstream.hits).not.toContain('/stubbed');
    expect(result.event('outbound.request')?.rule).toEqual({ name: 'stub data', action: 'stub' });
    const response = result.event('outbound.response');
    expect(response).toMatchObject({ status: 203, rule: { name: 'stub data', action: 'stub' } });
    expect(response?.headers).toContainEqual(['x-stub', 'yes']);
    // Answered in memory: no blocked, DNS, connect or send phase.
    expect(Object.keys(response?.phases ?? {})).toEqual(['policy', 'wait', 'receive']);
  });

  it('a call no rule matches goes to the upstream untouched, its events naming no rule', async () => {
    const result = await call(upstream.authority, '/plain');
    expect(result).toMatchObject({ status: '200', body: 'upstream saw /plain' });
    expect(result.event('outbound.request')?.rule).toBeUndefined();
    expect(result.event('outbound.response')?.rule).toBeUndefined();
  });

  it("delays a call by at least the rule's ms, then passes it through", async () => {
    const result = await call(upstream.authority, '/delayed');
    expect(result).toMatchObject({ status: '200', body: 'upstream saw /delayed' });
    expect(result.elapsed).toBeGreaterThanOrEqual(300);
    expect(upstream.hits).toContain('/delayed');
    expect(result.event('outbound.response')?.rule).toEqual({ name: 'slow', action: 'delay' });
  });

  it.each([
    ['/dns', 'DNS-error', 'no dns'],
    ['/refused', 'connection-refused', 'refused'],
    ['/timeout', 'connection-timeout', 'timeout'],
  ])('fails %s with the wasi-http error the guest sees as %s, the upstream never asked', async (path, code, rule) => {
    const result = await call(upstream.authority, path);
    expect(result.error).toBe(code);
    expect(upstream.hits).not.toContain(path);
    expect(result.event('outbound.error')).toMatchObject({ guestError: code, rule: { name: rule, action: 'fail' } });
  });

  it('resets a response mid-body: the guest gets the head and the first after_bytes, then its body read fails with connection-terminated', async () => {
    const result = await call(upstream.authority, '/big', '2');
    expect(result.status).toBe('200');
    expect(result.body).toBe(BIG.slice(0, 25));
    expect(result.bodyError).toBe('connection-terminated');
    expect(result.event('outbound.error')).toMatchObject({ guestError: 'connection-terminated', rule: { name: 'reset', action: 'fail' } });
  });

  it('throttles a body to bytes_per_second: it takes at least its size over the rate', async () => {
    const result = await call(upstream.authority, '/big');
    expect(result.body).toBe(BIG);
    expect(result.elapsed).toBeGreaterThanOrEqual((BIG.length / 4000) * 1000);
    expect(result.event('outbound.response')?.rule).toEqual({ name: 'throttled', action: 'throttle' });
  });

  it('a rule on a host the component may not reach does not let the call out', async () => {
    const result = await call(denied.authority, '/anything');
    expect(result.error).toBe('HTTP-request-denied');
    expect(denied.hits).toEqual([]);
    expect(result.event('outbound.denied')).toBeDefined();
    expect(result.event('outbound.request')?.rule).toBeUndefined();
  });

  it('reloads the file when it changes', async () => {
    await writeFile(rulesFile, `${initialRules()}\n[[rule]]\nname = "added later"\nurl = "http://${upstream.authority}/later"\naction = "stub"\nstatus = 202\nbody = "hot"\n`);
    await waitFor(() => session.outboundRules(), (rules) => rules.rules.some((rule) => rule.name === 'added later'));
    const result = await call(upstream.authority, '/later');
    expect(result).toMatchObject({ status: '202', body: 'hot' });
    expect(upstream.hits).not.toContain('/later');
  });

  it('a file that fails to load names file:line, and the rules before it stay in force', async () => {
    await writeFile(rulesFile, `${initialRules()}\n[[rule]]\nname = "broken"\nurl = "http://${upstream.authority}/x"\naction = "delay"\nms = "soon"\n`);
    const rules = await waitFor(() => session.outboundRules(), (current) => current.problem !== undefined);
    const line = initialRules().split('\n').length + 5;
    expect(rules.problem).toMatchObject({ file: rulesFile, line });
    expect(rules.problem?.message).toContain(`${rulesFile}:${line}: rule "broken": ms must be a whole number`);
    expect(rules.rules.some((rule) => rule.name === 'added later')).toBe(true);
    const warnings = (await session.events({ kinds: ['app.warning'] })).events;
    expect(warnings.at(-1)).toMatchObject({ message: expect.stringContaining(`${rulesFile}:${line}`) });
    expect(await call(upstream.authority, '/later')).toMatchObject({ status: '202', body: 'hot' });
  });

  it('setOutboundRules writes the file and puts the rules in force from the next call', async () => {
    const rules = await session.setOutboundRules([
      { name: 'from the inspector', enabled: true, match: { url: `http://${upstream.authority}/inspector` }, action: { kind: 'stub', status: 200, body: 'set by api' } },
      { name: 'off', enabled: false, match: { url: `http://${upstream.authority}/**` }, action: { kind: 'fail', error: 'dns-error' } },
    ]);
    expect(rules.problem).toBeUndefined();
    expect(rules.rules.map((rule) => rule.name)).toEqual(['from the inspector', 'off']);
    expect(await readFile(rulesFile, 'utf8')).toContain('name = "from the inspector"');
    expect(await call(upstream.authority, '/inspector')).toMatchObject({ status: '200', body: 'set by api' });
    // The disabled rule does not act.
    expect(await call(upstream.authority, '/plain')).toMatchObject({ status: '200', body: 'upstream saw /plain' });
    await expect(session.setOutboundRules([{ name: 'bad', enabled: true, match: { url: 'ftp://x' }, action: { kind: 'pass' } }])).rejects.toThrow(/rule "bad": .*scheme "ftp"/);
  });

  it('records real upstream responses as stub rules that answer once the upstream is gone', async () => {
    expect((await session.setRuleRecording(true)).recording).toBe(true);
    const live = await call(recorded.authority, '/json');
    expect(live).toMatchObject({ status: '200', body: '{"from":"upstream"}' });
    const name = `recorded GET ${recorded.authority}/json`;
    const rules = await waitFor(() => session.outboundRules(), (current) => current.rules.some((rule) => rule.name === name));
    expect(rules.rules.find((rule) => rule.name === name)?.action).toMatchObject({ kind: 'stub', status: 200, body: '{"from":"upstream"}', headers: expect.arrayContaining([['x-upstream', 'recorded']]) });
    expect(await readFile(rulesFile, 'utf8')).toContain(name);
    await session.setRuleRecording(false);
    await stop(recorded);
    const hits = recorded.hits.length;
    const offline = await call(recorded.authority, '/json');
    expect(offline).toMatchObject({ status: '200', body: '{"from":"upstream"}' });
    expect(offline.event('outbound.response')?.rule).toEqual({ name, action: 'stub' });
    expect(recorded.hits).toHaveLength(hits);
  });
});

describe('outbound rules of a file named at open, recorded within the capture limit', () => {
  let dir: string;
  let session: ProjectSession;
  let upstream: Upstream;
  const rulesFile = (): string => join(dir, 'elsewhere', 'my-rules.toml');

  beforeAll(async () => {
    upstream = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'spinscope-rules-file-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildWatComponent('outbound-request', 'outbound-request')));
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(rulesFile(), `[[rule]]\nname = "named file"\nurl = "http://${upstream.authority}/named"\naction = "stub"\nstatus = 200\nbody = "from my-rules"\n`);
    session = await ProjectSession.open({
      project: dir,
      rulesFile: rulesFile(),
      bodyCaptureLimit: 100,
      listen: '127.0.0.1:0',
      engine: testEngineOptions(),
      timeoutMs: 10_000,
      env: {},
      recentProjectsFile: join(dir, 'recent.json'),
      variables: [`upstream=${upstream.authority}`, `recorded=${upstream.authority}`],
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await stop(upstream);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The upstream's status and body as the guest saw them (a body that is not text cannot be a header: then null). */
  async function guestGet(path: string): Promise<{ status: string | null; body: string | null }> {
    const response = await fetch(`${(await session.status()).origin ?? ''}/`, { headers: { 'x-method': '0', 'x-scheme': '0', 'x-authority': upstream.authority, 'x-path': path } });
    await response.arrayBuffer();
    return { status: response.headers.get('x-status'), body: response.headers.get('x-body') };
  }

  it('uses the rules file given instead of .spinscope/rules.toml', async () => {
    expect((await session.outboundRules()).file).toBe(rulesFile());
    expect(await guestGet('/named')).toEqual({ status: '200', body: 'from my-rules' });
    expect(upstream.hits).not.toContain('/named');
  });

  it('records no body longer than the capture limit, and a body that is not text into a file beside the rules', async () => {
    await session.setRuleRecording(true);
    expect(await guestGet('/big')).toEqual({ status: '200', body: BIG });
    expect((await guestGet('/binary')).status).toBe('200');
    const binary = `recorded GET ${upstream.authority}/binary`;
    const rules = await waitFor(() => session.outboundRules(), (current) => current.rules.some((rule) => rule.name === binary));
    await session.setRuleRecording(false);
    expect(rules.rules.map((rule) => rule.name)).toEqual(['named file', binary]);
    const action = rules.rules[1]?.action;
    expect(action).toMatchObject({ kind: 'stub', status: 200, bodyFile: expect.stringMatching(/^recorded\/[0-9a-f]{16}\.bin$/) });
    const bodyFile = action?.kind === 'stub' ? (action.bodyFile ?? '') : '';
    expect([...(await readFile(join(dir, 'elsewhere', bodyFile)))]).toEqual([0xff, 0xfe, 0x00, 0x01]);
  });
});
