import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { testEngineOptions } from '../support/engine-options.js';

/** What a client saw: the head's framing headers and the body, or that the connection was cut. */
type Received =
  | { readonly status: number; readonly contentLength?: string; readonly transferEncoding?: string; readonly body: string }
  | { readonly cut: true };

/** A raw node:http request, so the framing headers are seen as sent. */
function send(origin: string, path: string, method = 'GET'): Promise<Received> {
  return new Promise((resolve) => {
    const req = httpRequest(`${origin}${path}`, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', () => resolve({ cut: true }));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ...(res.headers['content-length'] === undefined ? {} : { contentLength: res.headers['content-length'] }),
          ...(res.headers['transfer-encoding'] === undefined ? {} : { transferEncoding: res.headers['transfer-encoding'] }),
          body,
        }),
      );
    });
    req.on('error', () => resolve({ cut: true }));
    req.end();
  });
}

// spec §26 (wasmtime p2 + hyper 1.10): how a wasi:http guest's response body reaches the wire.
describe('a guest response body as Spin frames it (response-shapes.wat)', () => {
  let dir: string;
  let running: RunningApp;

  const outcomeOf = async (path: string): Promise<SpinscopeEvent | undefined> => {
    let found: SpinscopeEvent | undefined;
    await vi.waitFor(() => {
      const request = running.events.events().findLast((event) => event.kind === 'inbound.request' && event.pathWithQuery === path);
      found = running.events.events().find((event) => event.parentId === request?.id && (event.kind === 'inbound.response' || event.kind === 'inbound.error'));
      expect(found).toBeDefined();
    });
    return found;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-framing-'));
    const wasm = await buildWatComponent('response-shapes', 'response-shapes');
    await writeFile(
      join(dir, 'spin.toml'),
      `spin_manifest_version = 2\n[application]\nname = "framing"\n[[trigger.http]]\nroute = "/..."\ncomponent = "shapes"\n[component.shapes]\nsource = ${JSON.stringify(wasm)}\n`,
    );
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions() });
  });

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends content-length: 0 for a response whose body the guest never took', async () => {
    expect(await send(running.url, '/untaken')).toEqual({ status: 200, contentLength: '0', body: '' });
    expect(await outcomeOf('/untaken')).toMatchObject({ kind: 'inbound.response', status: 200, body: { size: 0 } });
  });

  it("drops the guest's own content-length when it never took the body, as hyper does for an empty body", async () => {
    expect(await send(running.url, '/length')).toEqual({ status: 200, contentLength: '0', body: '' });
  });

  it('sends no length at all in answer to HEAD when the body was never taken', async () => {
    expect(await send(running.url, '/untaken', 'HEAD')).toEqual({ status: 200, body: '' });
  });

  it('sends a body taken and finished without a byte chunked, properly terminated', async () => {
    expect(await send(running.url, '/finished')).toEqual({ status: 200, transferEncoding: 'chunked', body: '' });
  });

  it('ends a body the guest still holds when it returns cleanly, chunked', async () => {
    expect(await send(running.url, '/open')).toEqual({ status: 200, transferEncoding: 'chunked', body: '' });
  });

  it('cuts the connection when the guest drops its body unfinished, and records why', async () => {
    expect(await send(running.url, '/dropped')).toEqual({ cut: true });
    expect(await outcomeOf('/dropped')).toMatchObject({
      kind: 'inbound.error',
      component: 'shapes',
      dropped: true,
      error: { name: 'GuestTrap', message: 'the guest dropped its response body without finishing it, so the response was cut off' },
    });
    expect(await send(running.url, '/untaken')).toMatchObject({ status: 200 });
  });
});
