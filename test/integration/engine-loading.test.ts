import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComponent, UnsupportedImportError } from '../../runtime/engine/index.js';
import { PROMISING_GUARD } from '../../runtime/engine/guard-promising.js';
import { buildComponent } from '../support/build-component.js';
import { buildImportingComponent, buildWatComponent } from '../support/build-wat-component.js';
import { loadTestEngine, testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

describe('loading a component', () => {
  let probe: string;
  let cacheDir: string;

  beforeAll(async () => {
    probe = await buildComponent('probe');
    cacheDir = await mkdtemp(join(tmpdir(), 'spinscope-transpile-'));
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('transpiles once, and a second load reuses the cached transpilation', async () => {
    const first = await loadComponent(probe, testEngineOptions({ cacheDir }));
    await first.close();
    const second = await loadTestEngine(probe, { cacheDir });
    try {
      expect([first.cacheHit, second.cacheHit]).toEqual([false, true]);
      expect(await readdir(cacheDir)).toHaveLength(1);
      const response = await second.handle({ method: 'GET', pathWithQuery: '/cached', headers: [], body: new Uint8Array() });
      expect(Buffer.from(response.body).toString()).toBe('hello from /cached');
    } finally {
      await second.close();
    }
  }, 60_000);

  it('guards every WebAssembly.promising call in the cached glue', async () => {
    const engine = await loadComponent(probe, testEngineOptions({ cacheDir }));
    await engine.close();
    const [entry] = await readdir(cacheDir);
    const glue = await readFile(join(cacheDir, entry!, 'guest.mjs'), 'utf8');
    const calls = glue.match(/[^\n]*WebAssembly\.promising\([^\n]*/g) ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toContain(PROMISING_GUARD);
  }, 60_000);

  it('lists the versioned interfaces the component imports', async () => {
    const engine = await loadComponent(probe, testEngineOptions());
    await engine.close();
    expect(engine.imports).toContain('wasi:http/types@0.2.10');
    expect(engine.imports).toContain('wasi:io/streams@0.2.12');
  }, 60_000);

  it.each([
    ['an interface no host implements', () => buildComponent('unknown-import', 'unknown-import'), 'spinscope:test-guest/not-implemented@0.1.0'],
    // jco 1.35 glue for an `async func` import needs JSPI, which Node 20 workers lack.
    ["Spin's async variables interface", () => buildWatComponent('variables-v3', 'variables-v3'), 'spin:variables/variables@3.0.0'],
  ])('fails with UnsupportedImportError for a component importing %s, naming it', async (_, build, interfaceName) => {
    const loading = loadComponent(await build(), testEngineOptions());
    await expect(loading).rejects.toBeInstanceOf(UnsupportedImportError);
    await expect(loading).rejects.toMatchObject({
      code: 'SPINSCOPE_UNSUPPORTED_IMPORT',
      interfaceName,
      message: expect.stringContaining(interfaceName),
    });
  }, BUILD_TIMEOUT_MS);

  // A string in, a result<handle, error> written through a return pointer.
  const OPEN = '(param i32 i32 i32)';
  const SQLITE = 'spin:sqlite/sqlite@3.1.0';
  const POSTGRES = 'spin:postgres/postgres@4.2.0';

  it.each([
    [SQLITE, 'sqlite-3-1', [{ module: SQLITE, name: '[static]connection.open', type: OPEN }]],
    [
      POSTGRES,
      'postgres-4-2',
      [
        { module: POSTGRES, name: '[static]connection.open', type: OPEN },
        { module: POSTGRES, name: '[constructor]connection-builder', type: '(param i32 i32) (result i32)' },
      ],
    ],
  ])('loads a component that imports only the synchronous functions of %s', async (_, world, imports) => {
    const engine = await loadComponent(await buildImportingComponent('spin-async-imports', world, imports), testEngineOptions());
    await engine.close();
  }, BUILD_TIMEOUT_MS);

  it.each([
    [SQLITE, 'sqlite-3-1', '[static]connection.open-async'],
    [POSTGRES, 'postgres-4-2', '[static]connection.open-async'],
  ])('refuses a component that imports an async function of %s (%s), naming it', async (iface, world, fn) => {
    const loading = loadComponent(
      await buildImportingComponent('spin-async-imports', world, [
        { module: iface, name: '[static]connection.open', type: OPEN },
        { module: iface, name: fn, type: OPEN },
      ]),
      testEngineOptions(),
    );
    await expect(loading).rejects.toBeInstanceOf(UnsupportedImportError);
    await expect(loading).rejects.toMatchObject({
      code: 'SPINSCOPE_UNSUPPORTED_IMPORT',
      interfaceName: iface,
      functionName: fn,
      message: expect.stringContaining(`${iface}'s \`${fn}\``),
    });
  }, BUILD_TIMEOUT_MS);

  it.each([
    ['spin:key-value/key-value@3.0.0', 'key-value-3', '[static]store.open', OPEN],
    ['spin:mqtt/mqtt@3.0.0', 'mqtt-3', '[static]connection.open', '(param i32 i32 i32 i32 i32 i32 i64 i32)'],
    ['spin:mysql/mysql@3.0.0', 'mysql-3', '[static]connection.open', OPEN],
    ['spin:redis/redis@3.0.0', 'redis-3', '[static]connection.open', OPEN],
  ])('refuses a component importing %s, whose functions are all async, naming the interface', async (iface, world, fn, type) => {
    const loading = loadComponent(await buildImportingComponent('spin-async-imports', world, [{ module: iface, name: fn, type }]), testEngineOptions());
    await expect(loading).rejects.toBeInstanceOf(UnsupportedImportError);
    await expect(loading).rejects.toMatchObject({
      code: 'SPINSCOPE_UNSUPPORTED_IMPORT',
      interfaceName: iface,
      functionName: undefined,
      message: expect.stringMatching(new RegExp(`^the component imports ${iface.replace(/[.]/g, '\\.')}, which Spinscope does not implement: its functions are async`)),
    });
  }, BUILD_TIMEOUT_MS);
});
