import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { routeLines } from '../../runtime/cli/route-lines.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

/** Spin's own static-response test app (tests/testcases/static-response), plus a component and edge cases. */
function manifest(wasm: string): string {
  return `spin_manifest_version = 2
[application]
name = "static-responses"

[[trigger.http]]
route = "/..."
static_response = { status_code = 404, body = "not found" }

[[trigger.http]]
route = "/default-code"
static_response = { body = "should be 200" }

[[trigger.http]]
route = "/bob"
static_response = { status_code = 302, headers = { location = "/users/bob" } }

[[trigger.http]]
id = "hidden"
route = { private = true }
static_response = { body = "never served" }

[[trigger.http]]
route = "/hello"
component = "web"

[[trigger.http]]
route = "/unicode"
static_response = { headers = { X-Greeting = "héllo" }, body = "ünïcode" }

[[trigger.http]]
route = "/broken"
static_response = { status_code = 1000 }

[component.web]
source = ${JSON.stringify(wasm)}
`;
}

/** A raw node:http request: every header as sent (values as latin1 bytes), or that the connection was cut. */
function send(origin: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer } | 'cut'> {
  return new Promise((resolve) => {
    const req = httpRequest(`${origin}${path}`, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', () => resolve('cut'));
    req.end();
  });
}

describe('static_response triggers, served as spin up serves them', () => {
  let dir: string;
  let running: RunningApp;

  const traceFor = async (path: string): Promise<SpinscopeEvent[]> => {
    let trace: SpinscopeEvent[] = [];
    await vi.waitFor(() => {
      const request = running.events.events().findLast((event) => event.kind === 'inbound.request' && event.pathWithQuery === path);
      trace = request === undefined ? [] : (running.events.trace(request.traceId) ?? []);
      expect(trace).toHaveLength(2);
    });
    return trace;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-static-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers with status 200 by default, the body, a content-length and no content-type', async () => {
    const response = await send(running.url, '/default-code');
    if (response === 'cut') throw new Error('connection cut');
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('should be 200');
    expect(Object.keys(response.headers).sort()).toEqual(['connection', 'content-length', 'date']);
    expect(response.headers['content-length']).toBe('13');
  });

  it('sends the status and headers given, with content-length: 0 when there is no body', async () => {
    const response = await send(running.url, '/bob');
    if (response === 'cut') throw new Error('connection cut');
    expect([response.status, response.headers.location, response.headers['content-length'], response.body.length]).toEqual([302, '/users/bob', '0', 0]);
  });

  it('routes like a component: an exact route beats the catch-all, which a component route does not hide', async () => {
    const other = await send(running.url, '/some/where');
    if (other === 'cut') throw new Error('connection cut');
    expect([other.status, other.body.toString()]).toEqual([404, 'not found']);
    expect(await (await fetch(`${running.url}/hello`)).text()).toBe('hello from /hello');
  });

  it('never serves a private static response: it has no route, and chaining reaches only components', async () => {
    const response = await send(running.url, '/hidden');
    if (response === 'cut') throw new Error('connection cut');
    expect(response.body.toString()).toBe('not found');
    expect(running.routes.map((route) => route.staticTrigger)).not.toContain('hidden');
  });

  it('sends header names lower-case and values and body as UTF-8 bytes, as the http crate does', async () => {
    const response = await send(running.url, '/unicode');
    if (response === 'cut') throw new Error('connection cut');
    expect(Buffer.from(response.headers['x-greeting'] as string, 'latin1').toString('utf8')).toBe('héllo');
    expect(response.body.toString('utf8')).toBe('ünïcode');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength('ünïcode')));
  });

  it('records each as inbound.request and inbound.response naming the trigger, not a component', async () => {
    await send(running.url, '/bob?x=1');
    const [request, response] = await traceFor('/bob?x=1');
    expect(request).toMatchObject({ kind: 'inbound.request', staticTrigger: 'http-trigger3', method: 'GET' });
    expect(request).not.toHaveProperty('component');
    expect(response).toMatchObject({ kind: 'inbound.response', staticTrigger: 'http-trigger3', parentId: request?.id, status: 302, headers: [['location', '/users/bob']] });
  });

  it('closes the connection for a status Spin cannot send, and records why', async () => {
    expect(await send(running.url, '/broken')).toBe('cut');
    const [, error] = await traceFor('/broken');
    expect(error).toMatchObject({ kind: 'inbound.error', staticTrigger: 'http-trigger5', dropped: true, error: { code: 'SPINSCOPE_INBOUND' } });
  });

  it('lists the routes under their trigger ids, as "Available Routes" does', () => {
    expect(routeLines(running.url, running.routes)).toEqual([
      `Serving ${running.url}`,
      'Available Routes:',
      `  http-trigger2: ${running.url}/default-code`,
      `  http-trigger3: ${running.url}/bob`,
      `  web: ${running.url}/hello`,
      `  http-trigger4: ${running.url}/unicode`,
      `  http-trigger5: ${running.url}/broken`,
      `  http-trigger1: ${running.url} (wildcard)`,
    ]);
  });
});
