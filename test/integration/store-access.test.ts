/**
 * A component's key_value_stores and sqlite_databases changed from the inspector's API
 * (ProjectSession), with a real Spin JS SDK guest: for the session (in force for the next
 * open, nothing written), saved to spin.toml in place, refused with Spin's messages, kept
 * or dropped across reloads like allowed_outbound_hosts; and the key-value browser over
 * the running app's store, which the guest sees.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreLabelError } from '../../runtime/app/index.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

const MANIFEST = (wasm: string, labels: string) => `spin_manifest_version = 2

[application]
name = "store-access"

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = ${JSON.stringify(wasm)}
# which stores web may open
key_value_stores = ${labels}
`;

describe('store access changed from the inspector', () => {
  let dir: string;
  let wasm: string;
  let session: ProjectSession;
  let origin: string;

  const manifestFile = () => join(dir, 'spin.toml');
  const get = async (path: string) => {
    const response = await fetch(`${origin}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const web = async () => (await session.components()).find((component) => component.id === 'web');

  beforeAll(async () => {
    [wasm, dir] = await Promise.all([buildSpinJsComponent('storage'), mkdtemp(join(tmpdir(), 'spinscope-store-access-'))]);
    await writeFile(manifestFile(), MANIFEST(wasm, '[]'));
    await writeFile(join(dir, 'rc.toml'), '[key_value_store.cache]\ntype = "spin"\npath = "cache.db"\n');
    session = await ProjectSession.open({ project: dir, listen: '127.0.0.1:0', engine: testEngineOptions(), env: {}, recentProjectsFile: join(dir, 'recent.json'), runtimeConfigFile: join(dir, 'rc.toml') });
    origin = (await session.status()).origin ?? '';
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('allows a store for the session from the next open, writing nothing, and discards it again', async () => {
    expect(await get('/kv/default/x')).toEqual({ status: 500, body: { error: { tag: 'access-denied' } } });
    const components = await session.setStoreAccess('web', 'key_value_stores', ['default'], { save: false });
    expect(components.find((component) => component.id === 'web')).toMatchObject({ keyValueStores: ['default'], unsaved: true });
    expect(await get('/kv/default/x')).toEqual({ status: 200, body: { value: null } });
    expect(await readFile(manifestFile(), 'utf8')).toBe(MANIFEST(wasm, '[]'));
    await session.discardSessionChanges('web');
    expect(await web()).toMatchObject({ keyValueStores: [] });
    expect((await web())?.unsaved).toBeUndefined();
    expect(await get('/kv/default/x')).toEqual({ status: 500, body: { error: { tag: 'access-denied' } } });
  });

  it("refuses a malformed label and one the app does not define, with Spin's messages, before anything changes", async () => {
    await expect(session.setStoreAccess('web', 'key_value_stores', ['user data'], { save: false })).rejects.toThrow('`key_value_stores`: "user data": expected kebab-case or snake_case');
    const undefinedLabel = session.setStoreAccess('web', 'sqlite_databases', ['reports'], { save: true });
    await expect(undefinedLabel).rejects.toBeInstanceOf(StoreLabelError);
    await expect(undefinedLabel).rejects.toThrow('unknown sqlite_databases label "reports" for component "web"');
    expect(await readFile(manifestFile(), 'utf8')).toBe(MANIFEST(wasm, '[]'));
  });

  it('saves a label to spin.toml in place (comments and layout kept) and reloads; the guest can then open it', async () => {
    await session.setStoreAccess('web', 'key_value_stores', ['cache'], { save: true });
    expect(await readFile(manifestFile(), 'utf8')).toBe(MANIFEST(wasm, '["cache"]'));
    expect(await web()).toMatchObject({ keyValueStores: ['cache'] });
    expect((await web())?.unsaved).toBeUndefined();
    expect((await fetch(`${origin}/kv/cache/greeting`, { method: 'PUT', body: 'hello' })).status).toBe(200);
  });

  it('drops a session change when spin.toml changes that list, and says which list it was', async () => {
    await session.setStoreAccess('web', 'key_value_stores', ['cache', 'default'], { save: false });
    await writeFile(manifestFile(), MANIFEST(wasm, '["default"]'));
    await session.restart();
    const status = await session.status();
    expect(status.droppedSessionChanges).toEqual([
      expect.objectContaining({ component: 'web', field: 'key_value_stores', reason: 'manifest-changed', entries: ['cache', 'default'] }),
    ]);
    expect(status.droppedSessionChanges?.[0]?.message).toContain('The session change to the key_value_stores of component "web"');
    expect(await web()).toMatchObject({ keyValueStores: ['default'] });
    await writeFile(manifestFile(), MANIFEST(wasm, '["cache"]'));
    await session.restart();
  });

  it('browses the stores the app defines, and edits a key the guest then reads', async () => {
    expect(await session.keyValueStores()).toEqual([
      { label: 'cache', location: join(dir, 'cache.db'), components: ['web'], keyCount: 1 },
      { label: 'default', location: join(dir, '.spin', 'sqlite_key_value.db'), components: [], keyCount: 0 },
    ]);
    expect(await session.keyValueKeys('cache')).toEqual({ keys: ['greeting'], more: false });
    expect(await session.keyValueGet('cache', 'greeting')).toEqual({ key: 'greeting', value: { captured: new TextEncoder().encode('hello'), size: 5, truncated: false } });
    await session.keyValueSet('cache', 'greeting', new TextEncoder().encode('edited in the inspector'));
    expect(await get('/kv/cache/greeting')).toEqual({ status: 200, body: { value: 'edited in the inspector' } });
    await session.keyValueDelete('cache', 'greeting');
    expect(await get('/kv/cache/greeting')).toEqual({ status: 200, body: { value: null } });
    await expect(session.keyValueKeys('nope')).rejects.toMatchObject({ code: 'SPINSCOPE_UNKNOWN_STORE' });
  });
});
