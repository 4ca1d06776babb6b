import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuestTimeout, GuestTrap } from '../../runtime/engine/index.js';
import type { Request } from '../../runtime/http/index.js';
import { buildComponent } from '../support/build-component.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { loadTestEngine, type TestEngine } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

function get(pathWithQuery: string, headers: [string, string][] = []): Request<Uint8Array> {
  return { method: 'GET', pathWithQuery, headers, body: new Uint8Array() };
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('a JS guest (probe.js)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await loadTestEngine(await buildComponent('probe'), { timeoutMs: 1_000 });
  }, BUILD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  it('answers with the request path and query echoed', async () => {
    const response = await engine.handle(get('/hello/world?name=spin', [['host', 'example.test']]));
    expect(response.status).toBe(200);
    expect(text(response.body)).toBe('hello from /hello/world?name=spin');
    expect(response.headers).toContainEqual(['content-type', 'text/plain']);
  });

  it('round-trips request method, headers and body', async () => {
    const body = new TextEncoder().encode('{"bytes":"ünïcode"}');
    const response = await engine.handle({
      method: 'PUT',
      pathWithQuery: '/echo',
      headers: [['x-trace', 'abc 123'], ['content-type', 'application/json']],
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers).toContainEqual(['x-echo-method', 'PUT']);
    expect(response.headers).toContainEqual(['x-echo-x-trace', 'abc 123']);
    expect(response.headers).toContainEqual(['x-echo-content-type', 'application/json']);
    expect(response.body).toEqual(body);
  });

  it('gives every request a fresh instance, so guest globals never carry over', async () => {
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push(text((await engine.handle(get('/count'))).body));
    expect(counts).toEqual(['1', '1', '1']);
  });

  it("captures the guest's stdout and stderr per request", async () => {
    const logged = await engine.handle(get('/log'));
    expect(logged.stdout).toBe('to stdout\n');
    expect(logged.stderr).toBe('to stderr\n');
    const quiet = await engine.handle(get('/'));
    expect([quiet.stdout, quiet.stderr]).toEqual(['', '']);
  });

  it('answers 500 when guest JS throws, as StarlingMonkey catches it, with the error on stderr', async () => {
    const response = await engine.handle(get('/throw'));
    expect(response.status).toBe(500);
    expect(response.stderr).toContain('guest threw on purpose');
  });

  it('terminates a guest that runs past the timeout with GuestTimeout, then serves the next request', async () => {
    const busy = engine.handle(get('/busy'));
    await expect(busy).rejects.toBeInstanceOf(GuestTimeout);
    await expect(busy).rejects.toMatchObject({ code: 'SPINSCOPE_GUEST_TIMEOUT', timeoutMs: 1_000 });
    const next = await engine.handle(get('/after-timeout'));
    expect(text(next.body)).toBe('hello from /after-timeout');
  });
});

describe('a guest that traps (trap.wat)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await loadTestEngine(await buildWatComponent('trap', 'trap'));
  });
  afterAll(() => engine?.close());

  it('rejects with GuestTrap carrying the trap message, and the replacement worker serves the next request', async () => {
    for (let i = 0; i < 2; i++) {
      const handled = engine.handle(get('/'));
      await expect(handled).rejects.toBeInstanceOf(GuestTrap);
      await expect(handled).rejects.toThrow(/unreachable/);
    }
  });
});
