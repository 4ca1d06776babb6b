import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  materializeMemoryStores,
  parseRuntimeConfig,
  prepareStoreDirs,
  resolveStoreLayout,
  type StoreLayout,
} from '../../../runtime/runtime-config/index.js';
import { openKeyValueStore, type StoreLocation } from '../../../runtime/storage/index.js';
import { makeReadOnly } from '../../support/read-only.js';

const APP = '/work/app';
const CWD = '/home/dev/somewhere';
const file = (p: string): StoreLocation => ({ kind: 'file', path: p });
const memory: StoreLocation = { kind: 'memory' };

describe('resolveStoreLayout', () => {
  it('puts the default store and database in <manifest dir>/.spin, as an absolute path', () => {
    const layout = resolveStoreLayout({ manifestDir: APP, cwd: CWD });
    expect(layout).toEqual({
      stateDir: '/work/app/.spin',
      keyValueStores: new Map([['default', file('/work/app/.spin/sqlite_key_value.db')]]),
      sqliteDatabases: new Map([['default', { location: file('/work/app/.spin/sqlite_db.db'), allowAttachFile: false }]]),
    });
  });

  it('takes --state-dir over state_dir, each absolute against the working directory', () => {
    const config = parseRuntimeConfig('state_dir = "from-file"', 'conf/rc.toml');
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config }).stateDir).toBe('/home/dev/somewhere/from-file');
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config, stateDir: '../flag' }).stateDir).toBe('/home/dev/flag');
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, stateDir: '/abs/state' }).keyValueStores.get('default')).toEqual(file('/abs/state/sqlite_key_value.db'));
  });

  it('keeps the defaults in memory without a state dir (--state-dir "" or state_dir = "")', () => {
    const inMemory = { keyValueStores: new Map([['default', memory]]), sqliteDatabases: new Map([['default', { location: memory, allowAttachFile: false }]]) };
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, stateDir: '' })).toEqual(inMemory);
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: parseRuntimeConfig('state_dir = ""', 'rc.toml') })).toEqual(inMemory);
    // The flag wins even when it says "none".
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, stateDir: '', runtimeConfig: parseRuntimeConfig('state_dir = "x"', 'rc.toml') }).stateDir).toBeUndefined();
  });

  it("resolves a relative key-value path against the runtime config file's directory (Spin's quirk)", () => {
    const config = parseRuntimeConfig('[key_value_store.cache]\ntype = "spin"\npath = "data/cache.db"\n', 'conf/rc.toml');
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config }).keyValueStores.get('cache')).toEqual(file('/home/dev/somewhere/conf/data/cache.db'));
    const absolute = parseRuntimeConfig('[key_value_store.cache]\ntype = "spin"\npath = "data/cache.db"\n', '/etc/spin/rc.toml');
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: absolute }).keyValueStores.get('cache')).toEqual(file('/etc/spin/data/cache.db'));
  });

  it('resolves a relative SQLite path against the working directory, not the file (Spin\'s quirk)', () => {
    const config = parseRuntimeConfig('[sqlite_database.analytics]\ntype = "spin"\npath = "data/a.db"\nallow_attach_file = true\n', 'conf/rc.toml');
    expect(resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config }).sqliteDatabases.get('analytics')).toEqual({
      location: file('/home/dev/somewhere/data/a.db'),
      allowAttachFile: true,
    });
  });

  it('keeps absolute paths and puts path-less tables in memory', () => {
    const config = parseRuntimeConfig(
      '[key_value_store.a]\ntype = "spin"\npath = "/data/a.db"\n[key_value_store.m]\ntype = "spin"\n[sqlite_database.m]\ntype = "spin"\n',
      'rc.toml',
    );
    const layout = resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config });
    expect(layout.keyValueStores).toEqual(
      new Map([
        ['a', file('/data/a.db')],
        ['m', memory],
        ['default', file('/work/app/.spin/sqlite_key_value.db')],
      ]),
    );
    expect(layout.sqliteDatabases.get('m')).toEqual({ location: memory, allowAttachFile: false });
  });

  it('lets a user default replace the built-in one, even in memory', () => {
    const config = parseRuntimeConfig('[key_value_store.default]\ntype = "spin"\n[sqlite_database.default]\ntype = "spin"\npath = "main.db"\n', 'rc.toml');
    const layout = resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config });
    expect(layout.keyValueStores).toEqual(new Map([['default', memory]]));
    expect(layout.sqliteDatabases).toEqual(new Map([['default', { location: file('/home/dev/somewhere/main.db'), allowAttachFile: false }]]));
  });

  it('uses the process working directory by default', () => {
    const config = parseRuntimeConfig('[sqlite_database.x]\ntype = "spin"\npath = "x.db"\n', 'rc.toml');
    expect(resolveStoreLayout({ manifestDir: APP, runtimeConfig: config }).sqliteDatabases.get('x')?.location).toEqual(file(path.resolve('x.db')));
  });
});

describe('materializeMemoryStores', () => {
  it('backs in-memory key-value stores by files in the temp dir, leaving the rest alone', () => {
    const config = parseRuntimeConfig('[key_value_store.a]\ntype = "spin"\n[key_value_store."b/../c"]\ntype = "spin"\n[sqlite_database.m]\ntype = "spin"\n', 'rc.toml');
    const layout = resolveStoreLayout({ manifestDir: APP, cwd: CWD, runtimeConfig: config, stateDir: '' });
    const materialized = materializeMemoryStores(layout, '/tmp/private');
    expect(materialized.keyValueStores).toEqual(
      new Map([
        ['a', file('/tmp/private/key-value-0.db')],
        ['b/../c', file('/tmp/private/key-value-1.db')],
        ['default', file('/tmp/private/key-value-2.db')],
      ]),
    );
    expect(materialized.sqliteDatabases).toBe(layout.sqliteDatabases);
    expect(materialized.stateDir).toBeUndefined();
  });
});

describe('prepareStoreDirs', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spinscope-dirs-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the state dir and every store directory', async () => {
    const config = parseRuntimeConfig('[sqlite_database.deep]\ntype = "spin"\npath = "a/b/c.db"\n', 'rc.toml');
    const layout = resolveStoreLayout({ manifestDir: dir, cwd: dir, runtimeConfig: config });
    expect(await prepareStoreDirs(layout)).toEqual([]);
    expect(existsSync(path.join(dir, '.spin'))).toBe(true);
    expect(existsSync(path.join(dir, 'a', 'b'))).toBe(true);
    const store = openKeyValueStore(layout.keyValueStores.get('default') ?? memory, 'default');
    store.close();
    expect(existsSync(path.join(dir, '.spin', 'sqlite_key_value.db'))).toBe(true);
  });

  it('warns, naming the directory, the error and the stores, when it cannot create one', async (context) => {
    const app = path.join(dir, 'app');
    await mkdir(app);
    const restore = makeReadOnly(app);
    if (restore === undefined) return context.skip('cannot make a directory read-only here');
    try {
      const layout: StoreLayout = resolveStoreLayout({ manifestDir: app, cwd: dir });
      const warnings = await prepareStoreDirs(layout);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ dir: path.join(app, '.spin'), stores: ['key-value store "default"', 'SQLite database "default"'] });
      expect(warnings[0]?.message).toMatch(
        new RegExp(`^cannot create directory ${path.join(app, '.spin')} \\((EACCES|EPERM): .*\\); key-value store "default", SQLite database "default" will fail when used$`),
      );
      expect(() => openKeyValueStore(layout.keyValueStores.get('default') ?? memory, 'default')).toThrow(`${path.join(app, '.spin', 'sqlite_key_value.db')}: unable to open database file`);
    } finally {
      restore();
    }
  });

  it('creates nothing for in-memory stores', async () => {
    await writeFile(path.join(dir, 'keep'), '');
    expect(await prepareStoreDirs(resolveStoreLayout({ manifestDir: dir, cwd: dir, stateDir: '' }))).toEqual([]);
    expect(existsSync(path.join(dir, '.spin'))).toBe(false);
  });
});
