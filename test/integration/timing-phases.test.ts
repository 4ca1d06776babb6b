import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundResponseEvent, OutboundPhases, SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildComponent } from '../support/build-component.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { testEngineOptions } from '../support/engine-options.js';
import { selfSignedCert } from '../support/self-signed-cert.js';

const BUILD_TIMEOUT_MS = 180_000;
const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const SHARED_CACHE_HOME = fileURLToPath(new URL('../../.cache/xdg-cache', import.meta.url));

// `web` (the probe guest) calls what `/fetch?url=` names, `back` only by chaining; `raw`
// (outbound-request.wat) sends a request built from its x-* headers, `x-host` included.
const manifest = (probe: string, raw: string): string => `spin_manifest_version = 2

[application]
name = "timing-phases"

[[trigger.http]]
route = "/raw/..."
component = "raw"

[[trigger.http]]
route = "/..."
component = "web"

[[trigger.http]]
route = { private = true }
component = "back"

[component.web]
source = ${JSON.stringify(probe)}
allowed_outbound_hosts = ["http://127.0.0.1:*", "https://127.0.0.1:*", "http://localhost:*", "http://back.spin.internal"]

[component.back]
source = ${JSON.stringify(probe)}

[component.raw]
source = ${JSON.stringify(raw)}
allowed_outbound_hosts = ["http://127.0.0.1:*"]
`;

/** The phases' names in the order they ran, and their sum. */
function shape(phases: object | undefined): { names: string[]; sum: number } {
  const entries = Object.entries(phases ?? {}).filter(([, value]) => typeof value === 'number') as [string, number][];
  return { names: entries.map(([name]) => name), sum: entries.reduce((total, [, value]) => total + value, 0) };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('timing phases and headers as sent, recorded for real guests', () => {
  let dir: string;
  let running: RunningApp;
  let upstream: Server;
  let upstreamAuthority: string;
  const seen: { url: string; host: string | undefined }[] = [];
  let closedPort: number;

  beforeAll(async () => {
    upstream = createServer((request: IncomingMessage, response) => {
      seen.push({ url: request.url ?? '', host: request.headers.host });
      // /slow answers after a while, so a request behind it waits for the one worker.
      if (request.url === '/slow') setTimeout(() => response.end('slow'), 300);
      else response.end(`saw ${request.url}`);
    });
    upstreamAuthority = `127.0.0.1:${await listen(upstream)}`;
    const closed = createServer();
    closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    dir = await mkdtemp(join(tmpdir(), 'spinscope-timing-'));
    const [probe, raw] = await Promise.all([buildComponent('probe'), buildWatComponent('outbound-request', 'outbound-request')]);
    await writeFile(join(dir, 'spin.toml'), manifest(probe, raw));
    // One worker per component, so a second request waits for the first (queueing) and for a fresh instance.
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions({ maxConcurrency: 1 }) });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    upstream?.closeAllConnections();
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Sends `path` to the app and resolves with its trace once the inbound response is recorded. */
  async function traceOf(path: string, init?: RequestInit): Promise<SpinscopeEvent[]> {
    const response = await fetch(`${running.url}${path}`, init);
    await response.arrayBuffer();
    for (;;) {
      const inbound = running.events.events().filter((event) => event.kind === 'inbound.request' && event.pathWithQuery === path && event.chainedFrom === undefined).at(-1);
      const trace = inbound === undefined ? [] : (running.events.trace(inbound.traceId) ?? []);
      if (trace.some((event) => event.kind === 'inbound.response' && event.parentId === inbound?.id)) return trace;
      await sleep(10);
    }
  }

  const fetchPath = (url: string): string => `/fetch?url=${encodeURIComponent(url)}`;
  function only<K extends SpinscopeEvent['kind']>(trace: SpinscopeEvent[], kind: K): Extract<SpinscopeEvent, { kind: K }> {
    const found = trace.filter((event): event is Extract<SpinscopeEvent, { kind: K }> => event.kind === kind);
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  it("records an outbound call's phases on a new connection in order, adding up to its duration, within the guest's run", async () => {
    const trace = await traceOf(fetchPath(`http://${upstreamAuthority}/first`));
    const outbound = only(trace, 'outbound.response');
    const { names, sum } = shape(outbound.phases);
    // An IP address needs no DNS, http no TLS.
    expect(names).toEqual(['policy', 'blocked', 'connect', 'send', 'wait', 'receive']);
    expect(outbound.phases?.reused).toBeUndefined();
    // The timings are whole milliseconds of the wall clock; the phases, monotonic fractions.
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(outbound.timings.end - outbound.timings.start + 2);
    const inbound = trace.find((event): event is InboundResponseEvent => event.kind === 'inbound.response' && event.component === 'web')!;
    expect(Object.keys(inbound.phases ?? {})).toEqual(['queueing', 'instanceStart', 'guestHeaders', 'guestBody']);
    // The guest set its head only after its outbound call had ended.
    expect(inbound.phases!.guestHeaders).toBeGreaterThan(sum);
    expect(shape(inbound.phases).sum).toBeLessThanOrEqual(inbound.timings.end - inbound.timings.start + 2);
  });

  it('reports a second call over the kept-alive connection as reused, with no DNS, connect or TLS', async () => {
    const outbound = only(await traceOf(fetchPath(`http://${upstreamAuthority}/second`)), 'outbound.response');
    expect(shape(outbound.phases).names).toEqual(['policy', 'blocked', 'send', 'wait', 'receive']);
    expect(outbound.phases?.reused).toBe(true);
  });

  it('records resolving a host name as the dns phase', async () => {
    const port = upstreamAuthority.split(':')[1];
    const outbound = only(await traceOf(fetchPath(`http://localhost:${port}/named`)), 'outbound.response');
    expect(shape(outbound.phases).names).toEqual(['policy', 'blocked', 'dns', 'connect', 'send', 'wait', 'receive']);
  });

  it('gives a request that waited for the one worker its queueing and the instance made for it', async () => {
    const first = fetch(`${running.url}${fetchPath(`http://${upstreamAuthority}/slow`)}`).then((response) => response.text());
    await sleep(50);
    const second = await traceOf('/count');
    await first;
    const phases = only(second, 'inbound.response').phases!;
    // It arrived while /slow ran, then waited for the instance made after /slow returned.
    expect(phases.queueing).toBeGreaterThan(0);
    expect(phases.instanceStart).toBeGreaterThan(0);
    expect(phases.queueing).toBeGreaterThan(phases.instanceStart);
  });

  it("ends a refused call's phases with connect, the phase it failed in, and records no headers as sent", async () => {
    const failed = only(await traceOf(fetchPath(`http://127.0.0.1:${closedPort}/refused`)), 'outbound.error');
    expect(failed.guestError).toBe('connection-refused');
    expect(shape(failed.phases).names).toEqual(['policy', 'blocked', 'connect']);
    expect(failed.sentHeaders).toBeUndefined();
  });

  it("records a denied call's policy check as its only phase", async () => {
    const denied = only(await traceOf(fetchPath('http://denied.example.test/')), 'outbound.denied');
    expect(shape(denied.phases).names).toEqual(['policy']);
  });

  it("records a chained call's wait as the called component's run, and what it was handed as sent (spec §13.57)", async () => {
    const trace = await traceOf(fetchPath('http://back.spin.internal/hello'));
    const outbound = only(trace, 'outbound.response');
    expect(shape(outbound.phases).names).toEqual(['policy', 'wait', 'receive']);
    expect(outbound.sentHeaders).toEqual([['x-from-guest', 'yes']]);
    const chained = trace.find((event): event is InboundResponseEvent => event.kind === 'inbound.response' && event.component === 'back')!;
    expect(outbound.phases!.wait).toBeGreaterThan(chained.phases!.guestHeaders);
  });

  it("shows Spin's Host rewrite in the headers as sent: the guest's Host removed, the URL's authority written (spec §13.56)", async () => {
    const trace = await traceOf('/raw/host', { headers: { 'x-scheme': '0', 'x-authority': upstreamAuthority, 'x-path': '/raw-host', 'x-host': 'evil.example' } });
    expect(only(trace, 'outbound.request').headers).toEqual([['host', 'evil.example']]);
    const outbound = only(trace, 'outbound.response');
    expect(outbound.sentHeaders).toEqual([['host', upstreamAuthority], ['connection', 'keep-alive']]);
    expect(seen.find((request) => request.url === '/raw-host')?.host).toBe(upstreamAuthority);
  });

  it('records the headers as sent with the framing the HTTP client gives a body', async () => {
    const trace = await traceOf(`/fetch?method=POST&body=abc&url=${encodeURIComponent(`http://${upstreamAuthority}/post`)}`);
    const outbound = only(trace, 'outbound.response');
    expect(outbound.sentHeaders?.slice(0, 2)).toEqual([['host', upstreamAuthority], ['connection', 'keep-alive']]);
    expect(outbound.sentHeaders).toContainEqual(['x-from-guest', 'yes']);
    expect(outbound.sentHeaders?.at(-1)).toEqual(['content-length', '3']);
  });

  it('ends the phases of a call whose TLS handshake fails with tls', async () => {
    const { cert, key } = selfSignedCert();
    const secure = createTlsServer({ cert, key }, (_request, response) => response.end('secure'));
    const port = await listen(secure);
    try {
      // Nothing here trusts the certificate.
      const failed = only(await traceOf(fetchPath(`https://127.0.0.1:${port}/untrusted`)), 'outbound.error');
      expect(failed.guestError).toBe('TLS-protocol-error');
      expect(shape(failed.phases).names).toEqual(['policy', 'blocked', 'connect', 'tls']);
    } finally {
      secure.close();
    }
  });
});

describe('the TLS phase of an https call, served by spinscope up', () => {
  it('records the handshake on a new connection and none on the reused one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spinscope-timing-tls-'));
    const { cert, key } = selfSignedCert();
    const secure = createTlsServer({ cert, key }, (request, response) => response.end(`secure ${request.url}`));
    const port = await listen(secure);
    try {
      const probe = await buildComponent('probe');
      await writeFile(join(dir, 'spin.toml'), manifest(probe, probe));
      await writeFile(join(dir, 'ca.pem'), cert);
      const eventsFile = join(dir, 'events.jsonl');
      // The child trusts the test's certificate: Node reads NODE_EXTRA_CA_CERTS at start.
      const child = spawn(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--events-out', eventsFile], {
        env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: SHARED_CACHE_HOME, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') },
      });
      let stdout = '';
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const origin = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const match = /Serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`spinscope up exited with ${code}`)));
      });
      try {
        for (const path of ['/one', '/two']) {
          const response = await fetch(`${origin}/fetch?url=${encodeURIComponent(`https://127.0.0.1:${port}${path}`)}`);
          expect(await response.text()).toBe(`upstream said 200: secure ${path}`);
        }
        let phases: OutboundPhases[] = [];
        while (phases.length < 2) {
          await sleep(20);
          const lines = (await readFile(eventsFile, 'utf8')).split('\n').filter((line) => line !== '');
          phases = lines.map((line) => JSON.parse(line) as SpinscopeEvent).flatMap((event) => (event.kind === 'outbound.response' && event.phases ? [event.phases] : []));
        }
        expect(shape(phases[0]).names).toEqual(['policy', 'blocked', 'connect', 'tls', 'send', 'wait', 'receive']);
        expect(phases[0]!.tls).toBeGreaterThan(0);
        expect(shape(phases[1]).names).toEqual(['policy', 'blocked', 'send', 'wait', 'receive']);
        expect(phases[1]!.reused).toBe(true);
      } finally {
        child.kill('SIGINT');
        await exited;
      }
    } finally {
      secure.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, BUILD_TIMEOUT_MS);
});
