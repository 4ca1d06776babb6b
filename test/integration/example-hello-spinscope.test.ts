import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, startApp, type LoadedApp } from '../../runtime/app/index.js';
import type { OutboundRequest, PerformOutbound, Request } from '../../runtime/http/index.js';
import { outboundUrl } from '../support/outbound-url.js';
import { resolveComponentVariables } from '../../runtime/variables/index.js';
import { loadTestEngine, testEngineOptions, type TestEngine } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;
const EXAMPLE = fileURLToPath(new URL('../../resources/examples/hello-spinscope/', import.meta.url));
const MANIFEST = `${EXAMPLE}spin.toml`;

const get = (pathWithQuery: string): Request<Uint8Array> => ({ method: 'GET', pathWithQuery, headers: [['host', 'localhost:3000']], body: new Uint8Array() });
const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

/** Answers allowed requests with a canned body and denies the rest, as `component`'s policy says; records every URL. */
function policyOutbound(app: LoadedApp, component: string, seen: (OutboundRequest & { url: string })[]): PerformOutbound {
  const policy = app.policies.get(component)!;
  return async (parts) => {
    const request = { ...parts, url: outboundUrl(parts) };
    seen.push(request);
    if (!policy.allows(request.url)) return { error: { tag: 'HTTP-request-denied' } };
    return { response: { status: 200, headers: [['content-type', 'text/plain']], body: new TextEncoder().encode(`canned for ${request.url}`) } };
  };
}

/** What the frontend answers: its visit count and what each of its calls gave. */
interface Visit {
  readonly visits: number;
  readonly backend: { status: number; body: string };
  readonly motd: { status?: number; body?: string; error?: string };
}

describe('the hello-spinscope example app', () => {
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [`${EXAMPLE}build.mjs`]);
  }, BUILD_TIMEOUT_MS);

  it("loads with loadApp, and its policies allow the chain and the API but not the deliberate call to the app itself", async () => {
    const app = await loadApp(MANIFEST, { env: {} });
    expect([...app.manifest.components.keys()].sort()).toEqual(['backend', 'frontend']);
    expect(app.manifest.httpTriggers.map((trigger) => trigger.id)).toContain('motd');
    const frontend = app.policies.get('frontend')!;
    const backend = app.policies.get('backend')!;
    expect(frontend.allows('http://backend.spin.internal/greeting')).toBe(true);
    expect(frontend.allowsRelative()).toBe(false);
    expect(frontend.allows('https://api.example.test/greeting')).toBe(false);
    expect(backend.allows('https://api.example.test/greeting')).toBe(true);
    expect(backend.allowsRelative()).toBe(false);
  });

  it('points the backend at another API host through the api_host variable', async () => {
    const app = await loadApp(MANIFEST, { cliVariables: { api_host: '127.0.0.1:8080', api_scheme: 'http' } });
    expect(app.policies.get('backend')!.allows('http://127.0.0.1:8080/greeting')).toBe(true);
    expect(app.policies.get('backend')!.allows('https://api.example.test/greeting')).toBe(false);
  });

  describe('run through the engine', () => {
    let app: LoadedApp;
    const engines: TestEngine[] = [];
    const load = async (component: string, performOutbound?: PerformOutbound): Promise<TestEngine> => {
      const manifest = app.manifest.components.get(component)!;
      const engine = await loadTestEngine(
        `${EXAMPLE}.cache/${component}.wasm`,
        {
          variables: resolveComponentVariables(manifest, app.variables),
          // The frontend's visit counter, in a store of this test's own.
          stores: { keyValue: new Map([['default', { kind: 'file', path: join(stateDir, 'sqlite_key_value.db') }]]), sqlite: new Map(), captureLimit: 0 },
        },
        {
          ...(performOutbound === undefined ? {} : { outbound: performOutbound }),
          grants: { keyValueStores: manifest.keyValueStores, sqliteDatabases: [], aiModels: [] },
        },
      );
      engines.push(engine);
      return engine;
    };

    let stateDir: string;

    beforeAll(async () => {
      stateDir = await mkdtemp(join(tmpdir(), 'spinscope-example-'));
      app = await loadApp(MANIFEST, { cliVariables: { api_host: '127.0.0.1:9', api_scheme: 'http' }, stateDir });
    });
    afterAll(async () => {
      await Promise.all(engines.map((engine) => engine.close()));
      await rm(stateDir, { recursive: true, force: true });
    });

    it('the backend fetches the API named by its variables and passes the answer on', async () => {
      const seen: (OutboundRequest & { url: string })[] = [];
      const response = await (await load('backend', policyOutbound(app, 'backend', seen))).handle(get('/greeting'));
      expect(seen.map((request) => request.url)).toEqual(['http://127.0.0.1:9/greeting']);
      expect(response.status).toBe(200);
      expect(text(response.body)).toBe('backend got 200 from http://127.0.0.1:9/greeting: canned for http://127.0.0.1:9/greeting');
    }, BUILD_TIMEOUT_MS);

    it('the frontend calls the backend, and its call to the app itself is denied', async () => {
      const seen: (OutboundRequest & { url: string })[] = [];
      const response = await (await load('frontend', policyOutbound(app, 'frontend', seen))).handle(get('/'));
      expect(seen.map((request) => request.url)).toEqual(['http://backend.spin.internal/greeting', 'http://self.alt/motd']);
      const body = JSON.parse(text(response.body)) as Visit;
      expect(body.visits).toBe(1);
      expect(body.backend).toEqual({ status: 200, body: 'canned for http://backend.spin.internal/greeting' });
      expect(body.motd.error).toBeDefined();
    }, BUILD_TIMEOUT_MS);

    it('without performOutbound, the engine denies every call of the backend', async () => {
      const response = await (await load('backend')).handle(get('/greeting'));
      expect(response.status).toBe(502);
      expect(text(response.body)).toMatch(/^backend could not reach http:\/\/127\.0\.0\.1:9\/greeting/);
    }, BUILD_TIMEOUT_MS);
  });

  it('runs under startApp: the frontend counts the visit, chains to the backend, which reads its variables and calls the API; its call to the app itself is denied until http://self is allowed', async () => {
    const api = createServer((request, response) => response.end(`greetings from the API at ${request.url}`));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    const stateDir = await mkdtemp(join(tmpdir(), 'spinscope-example-'));
    const running = await startApp(MANIFEST, {
      listen: '127.0.0.1:0',
      cliVariables: { api_host: apiHost, api_scheme: 'http' },
      engine: testEngineOptions(),
      stateDir,
    });
    try {
      const visit = async () => (await (await fetch(`${running.url}/`)).json()) as Visit;
      expect((await visit()).visits).toBe(1);
      const body = await visit();
      expect(body.visits).toBe(2);
      expect(body.backend.status).toBe(200);
      expect(body.backend.body).toContain('greetings from the API at /greeting');
      expect(body.motd.error).toBeDefined();
      const kinds = running.events.events().map((event) => event.kind);
      expect(kinds).toEqual(expect.arrayContaining(['kv.operation', 'chain.hop', 'outbound.response', 'outbound.denied']));
      const denied = running.events.events().find((event) => event.kind === 'outbound.denied');
      expect(denied).toMatchObject({ component: 'frontend', url: 'http://self.alt/motd', explanation: { suggestion: 'http://self' } });

      // The fix the inspector offers: the static /motd answers over the app's own listener, on 127.0.0.1.
      running.setList('frontend', 'allowed_outbound_hosts', ['http://backend.spin.internal', 'http://self']);
      expect((await visit()).motd).toEqual({ status: 200, body: 'Allowed at last: the frontend may call the app itself.\n' });
    } finally {
      await running.stop();
      api.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
