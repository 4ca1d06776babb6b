import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig, parseRuntimeConfig, RuntimeConfigError } from '../../../runtime/runtime-config/index.js';
import { thrown } from '../../support/thrown.js';

const errorOf = (text: string): RuntimeConfigError => thrown(RuntimeConfigError, () => parseRuntimeConfig(text, 'rc.toml'));

describe('parseRuntimeConfig', () => {
  it('reads an empty file as no configuration', () => {
    expect(parseRuntimeConfig('', 'rc.toml')).toEqual({ file: 'rc.toml', keyValueStores: new Map(), sqliteDatabases: new Map() });
  });

  it('reads the state dir, spin stores and spin databases in file order', () => {
    const config = parseRuntimeConfig(
      `state_dir = "data"

[key_value_store.default]
type = "spin"
path = "kv/default.db"

[key_value_store.cache]
type = "spin"

[key_value_store.extra]
type = "spin"
path = "/abs/extra.db"
options = { ignored = true }
unknown_field = "ignored, as Spin ignores it"

[sqlite_database.default]
type = "spin"
path = "db/default.db"

[sqlite_database.memory]
type = "spin"

[sqlite_database.attaching]
type = "spin"
allow_attach_file = true
path = "a.db"
`,
      'rc.toml',
    );
    expect(config).toEqual({
      file: 'rc.toml',
      stateDir: 'data',
      keyValueStores: new Map([
        ['default', { path: 'kv/default.db' }],
        ['cache', {}],
        ['extra', { path: '/abs/extra.db' }],
      ]),
      sqliteDatabases: new Map([
        ['default', { path: 'db/default.db', allowAttachFile: false }],
        ['memory', { allowAttachFile: false }],
        ['attaching', { path: 'a.db', allowAttachFile: true }],
      ]),
    });
    expect([...config.keyValueStores.keys()]).toEqual(['default', 'cache', 'extra']);
  });

  it('keeps an empty state_dir, which means none', () => {
    expect(parseRuntimeConfig('state_dir = ""', 'rc.toml').stateDir).toBe('');
  });

  it('accepts inline tables and labels that are not ids, as Spin does not validate them', () => {
    const config = parseRuntimeConfig('key_value_store = { "My Store" = { type = "spin" } }\nsqlite_database.x = { type = "spin" }\n', 'rc.toml');
    expect([...config.keyValueStores.keys()]).toEqual(['My Store']);
    expect([...config.sqliteDatabases.keys()]).toEqual(['x']);
  });
});

describe('errors name the file and line', () => {
  it.each([
    // [toml, line, message after the location]
    ['state_dir = "x"\nbogus = 1\n[otel]\nendpoint = "y"\n', 2, 'unused runtime config key(s): bogus, otel'],
    ['typo_key = 1', 1, 'unused runtime config key(s): typo_key'],
    [
      '\nlog_dir = "logs"',
      2,
      'Spinscope does not support `log_dir` in a runtime config file yet; remove it to run the app here (ignoring it would run the app differently from Spin)',
    ],
    [
      'state_dir = "s"\n\n[outbound_http]\nconnection_pooling = false\n',
      3,
      'Spinscope does not support [outbound_http] in a runtime config file yet; remove it to run the app here (ignoring it would run the app differently from Spin)',
    ],
    [
      '[key_value_store.cache]\ntype = "redis"\nurl = "redis://localhost"\n',
      2,
      'Spinscope does not support key-value store type "redis" yet; Spinscope supports type = "spin" (a SQLite file at `path`, or in memory without one)',
    ],
    [
      '[key_value_store.cache]\ntype = "memcached"\n',
      2,
      'could not configure key-value store with label \'cache\': the store type \'memcached\' was not registered with the config resolver; Spinscope supports type = "spin" (a SQLite file at `path`, or in memory without one)',
    ],
    ['[key_value_store.cache]\npath = "x.db"\n', 1, 'missing field `key_value_store.cache.type`'],
    ['[key_value_store.cache]\ntype = "spin"\npath = 5\n', 3, '`key_value_store.cache.path`: invalid type: integer `5`, expected a string'],
    ['key_value_store = "spin"\n', 1, '`key_value_store`: invalid type: string "spin", expected a map'],
    [
      '[sqlite_database.remote]\ntype = "libsql"\nurl = "https://db.example.test"\ntoken = "t"\n',
      2,
      'Spinscope does not support SQLite database type "libsql" yet; Spinscope supports type = "spin" (a SQLite file at `path`, or in memory without one)',
    ],
    ['[sqlite_database.x]\ntype = "postgres"\n', 2, 'Unknown database kind: postgres; Spinscope supports type = "spin" (a SQLite file at `path`, or in memory without one)'],
    ['[sqlite_database.x]\ntype = "spin"\npaht = "x.db"\n', 3, 'unknown field `paht` in `sqlite_database.x`, expected `path` or `allow_attach_file`; did you mean `path`?'],
    ['[sqlite_database.x]\ntype = "spin"\nallow_attach_file = "yes"\n', 3, '`sqlite_database.x.allow_attach_file`: invalid type: string "yes", expected a boolean'],
    ['state_dir = 3\n', 1, '`state_dir`: invalid type: integer `3`, expected a string'],
  ])('%j fails at line %i', (text, line, detail) => {
    const error = errorOf(text);
    expect(error).toMatchObject({ code: 'SPINSCOPE_RUNTIME_CONFIG', file: 'rc.toml', line, detail });
    expect(error.message).toBe(`rc.toml:${line}:${error.column}: ${detail}`);
  });

  it.each([
    'max_instance_memory = 1',
    'variables_provider = []',
    'config_provider = []',
    'outbound_networking = {}',
    'client_tls = []',
    'outbound_redis = {}',
    'outbound_pg = {}',
    'outbound_mysql = {}',
    'outbound_mqtt = {}',
    'llm_compute = { type = "spin" }',
  ])('refuses %j, which Spin would apply', (text) => {
    expect(errorOf(text).detail).toMatch(/^Spinscope does not support .* in a runtime config file yet/);
  });

  it('reports bad TOML at its line and column with the line shown', () => {
    const error = errorOf('state_dir = "x"\n[key_value_store.a\n');
    expect(error).toMatchObject({ file: 'rc.toml', line: 2 });
    expect(error.detail).toMatch(/^failed to parse runtime config file as TOML: /);
    expect(error.detail).toContain('2 | [key_value_store.a');
  });
});

describe('loadRuntimeConfig', () => {
  it('reads the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinscope-rc-'));
    try {
      const file = path.join(dir, 'runtime-config.toml');
      await writeFile(file, '[key_value_store.cache]\ntype = "spin"\npath = "cache.db"\n');
      expect((await loadRuntimeConfig(file)).keyValueStores).toEqual(new Map([['cache', { path: 'cache.db' }]]));
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('names a file it cannot read', async () => {
    const missing = path.join(tmpdir(), 'spinscope-no-such-dir', 'rc.toml');
    await expect(loadRuntimeConfig(missing)).rejects.toThrow(new RuntimeConfigError('failed to read runtime config file: no such file', { file: missing }));
    await expect(loadRuntimeConfig(tmpdir())).rejects.toMatchObject({ file: tmpdir(), message: expect.stringMatching(/^.*: failed to read runtime config file: EISDIR/) });
  });
});
