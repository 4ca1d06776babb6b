/**
 * Key-value stores and SQLite databases as `spin up` serves them, through a real Spin JS
 * SDK guest (spin-js-storage, built with j2w against Spin's own WIT): every operation of
 * fermyon:spin/key-value@2.0.0, wasi:keyvalue and the SQLite interfaces, Spin's permission
 * errors, files Spin itself would read and write (.spin/sqlite_key_value.db with Spin's
 * schema), persistence across a restart and a reload, the runtime config file, --sqlite,
 * and bad input that must not stop the app.
 */
import Database from 'better-sqlite3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueEvent, SpinscopeEvent, SqliteEvent, StoreDeniedEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp, type StartOptions } from '../../runtime/app/index.js';
import { parseSqliteStatementArgs } from '../../runtime/runtime-config/index.js';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
import { testEngineOptions } from '../support/engine-options.js';
import { makeReadOnly } from '../support/read-only.js';

const BUILD_TIMEOUT_MS = 180_000;

// Spin's DDL, byte for byte (crates/key-value-spin/src/store.rs `create_connection`).
const SPIN_KEY_VALUE_DDL = `CREATE TABLE IF NOT EXISTS spin_key_value (
                           store TEXT NOT NULL,
                           key   TEXT NOT NULL,
                           value BLOB NOT NULL,

                           PRIMARY KEY (store, key)
                        )`;

let wasm: string;
let dir: string | undefined;
let running: RunningApp | undefined;

beforeAll(async () => {
  wasm = await buildSpinJsComponent('storage');
}, BUILD_TIMEOUT_MS);

afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** An app directory whose one component `web` serves the storage guest on `/...`, with `extra` lines in its table. */
async function app(extra = 'key_value_stores = ["default"]\nsqlite_databases = ["default"]', options: StartOptions = {}): Promise<RunningApp> {
  dir ??= await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
  await writeFile(join(dir!, 'spin.toml'), manifest(extra));
  running = await startApp(join(dir!, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions(), ...options });
  return running;
}

function manifest(extra: string): string {
  return `spin_manifest_version = 2\n\n[application]\nname = "storage"\n\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n\n[component.web]\nsource = ${JSON.stringify(wasm)}\n${extra}\n`;
}

async function call(path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(`${running!.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const put = (path: string, body: string) => call(path, { method: 'PUT', body });
const post = (path: string, body: unknown) => call(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
const sql = (db: string, statements: { sql: string; params?: unknown[] }[], area = 'sql') => post(`/${area}/${db}`, { statements });

/** The events of the last request's trace, once its inbound.response has been recorded. */
async function lastTrace(): Promise<SpinscopeEvent[]> {
  for (let tries = 0; tries < 100; tries++) {
    const last = running!.events.events().filter((event) => event.kind === 'inbound.response').at(-1);
    if (last !== undefined) return running!.events.trace(last.traceId) ?? [];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no response recorded');
}

describe('fermyon:spin/key-value@2.0.0 and wasi:keyvalue through a real guest', () => {
  it('sets, gets, checks, lists and deletes keys in the default store, each call an event in the request trace', async () => {
    await app();
    expect(await put('/kv/default/greeting', 'hello')).toEqual({ status: 200, body: { ok: true } });
    expect((await call('/kv/default/greeting')).body).toEqual({ value: 'hello' });
    const trace = await lastTrace();
    const request = trace.find((event) => event.kind === 'inbound.request')!;
    const operations = trace.filter((event): event is KeyValueEvent => event.kind === 'kv.operation');
    expect(operations.map((event) => event.operation)).toEqual(['open', 'get']);
    expect(operations[1]).toMatchObject({
      component: 'web',
      interface: 'fermyon:spin/key-value@2.0.0',
      store: 'default',
      keys: ['greeting'],
      result: 'found',
      value: { captured: new TextEncoder().encode('hello'), size: 5, truncated: false },
      parentId: request.id,
    });
    expect((await call('/kv/default')).body).toEqual({ keys: ['greeting'] });
    expect(await call('/kv/default/missing')).toEqual({ status: 200, body: { value: null } });
    expect(await call('/kv/default/greeting', { method: 'DELETE' })).toEqual({ status: 200, body: { ok: true } });
    expect((await call('/kv/default/greeting')).body).toEqual({ value: null });
  });

  it('increments as Spin does (an 8-byte little-endian integer), swaps by value and answers batches with the keys that exist', async () => {
    await app();
    expect((await post('/wasi-kv/default/hits/increment?delta=5', '')).body).toEqual({ value: '5' });
    // (A negative delta never leaves a componentize-js guest: its s64 lowering rejects it.)
    expect((await post('/wasi-kv/default/hits/increment?delta=2', '')).body).toEqual({ value: '7' });
    await put('/kv/default/word', 'old');
    expect((await post('/wasi-kv/default/word/cas', 'new')).body).toEqual({ swapped: true, before: 'old' });
    expect((await call('/wasi-kv/default/word')).body).toEqual({ value: 'new' });
    expect((await post('/wasi-kv/default/batch', { set: { b: '2', a: '1' }, get: ['b', 'zz', 'a'] })).body).toEqual({ got: [['a', '1'], ['b', '2']] });
    expect((await post('/wasi-kv/default/batch', { delete: ['a', 'b'] })).body).toEqual({ got: [] });
    expect((await call('/wasi-kv/default')).body).toEqual({ keys: ['hits', 'word'], cursor: null });
    expect(await call('/wasi-kv/default?cursor=c')).toEqual({ status: 500, body: { error: { tag: 'other', val: 'list_keys: cursor not supported' } } });
    // Spin's encoding, read back with Spin's own SELECT.
    const db = new Database(join(dir!, '.spin', 'sqlite_key_value.db'), { readonly: true });
    const row = db.prepare('SELECT value FROM spin_key_value WHERE store=? AND key=?').get('default', 'hits') as { value: Buffer };
    db.close();
    expect([...row.value]).toEqual([7, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("denies a store the component does not list (access-denied) and says which label to add, without touching the file", async () => {
    await app('key_value_stores = []');
    expect(await call('/kv/default/x')).toEqual({ status: 500, body: { error: { tag: 'access-denied' } } });
    expect(await call('/wasi-kv/default/x')).toEqual({ status: 500, body: { error: { tag: 'access-denied' } } });
    const denial = (await lastTrace()).find((event): event is StoreDeniedEvent => event.kind === 'kv.denied');
    expect(denial).toMatchObject({ label: 'default', field: 'key_value_stores', granted: [], defined: ['default'], suggestion: 'default', error: { tag: 'access-denied' } });
    expect(denial?.message).toContain('add "default" to key_value_stores');
  });

  it('keeps what it stored across a restart, in .spin/sqlite_key_value.db with Spin\'s schema', async () => {
    await app();
    await put('/kv/default/kept', 'across restarts');
    await running!.stop();
    running = undefined;
    await app();
    expect((await call('/kv/default/kept')).body).toEqual({ value: 'across restarts' });
    const db = new Database(join(dir!, '.spin', 'sqlite_key_value.db'), { readonly: true });
    const schema = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'spin_key_value'").get() as { sql: string };
    db.close();
    expect(schema.sql).toBe(SPIN_KEY_VALUE_DDL.replace('IF NOT EXISTS ', ''));
  });

  it('opens a .spin folder Spin wrote: rows inserted with Spin\'s DDL and SQL are what the guest reads', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
    await mkdir(join(dir!, '.spin'));
    const db = new Database(join(dir!, '.spin', 'sqlite_key_value.db'));
    db.exec(SPIN_KEY_VALUE_DDL);
    db.prepare('INSERT INTO spin_key_value (store, key, value) VALUES (?, ?, ?)').run('default', 'from-spin', Buffer.from('written by spin'));
    db.close();
    await app();
    expect((await call('/kv/default/from-spin')).body).toEqual({ value: 'written by spin' });
  });

  it('keeps data across a reload that restarts the component', async () => {
    await app();
    await put('/kv/default/kept', 'across reloads');
    await writeFile(join(dir!, 'spin.toml'), manifest('key_value_stores = ["default"]\nsqlite_databases = ["default"]\nenvironment = { RELOADED = "1" }'));
    await running!.reload();
    expect((await call('/kv/default/kept')).body).toEqual({ value: 'across reloads' });
  });

  it('answers other("<file>: file is not a database") for a corrupt store file, and keeps serving everything else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
    await mkdir(join(dir!, '.spin'));
    await writeFile(join(dir!, '.spin', 'sqlite_key_value.db'), 'this is not SQLite, it is plain text and long enough to fill a header'.repeat(20));
    await app();
    const corrupt = await call('/kv/default/x');
    expect(corrupt.status).toBe(500);
    expect(corrupt.body.error.tag).toBe('other');
    expect(corrupt.body.error.val).toContain(join(dir!, '.spin', 'sqlite_key_value.db'));
    expect(corrupt.body.error.val).toContain('file is not a database');
    const failed = (await lastTrace()).find((event): event is KeyValueEvent => event.kind === 'kv.operation');
    expect(failed).toMatchObject({ operation: 'open', error: { tag: 'other' } });
    expect((await sql('default', [{ sql: 'select 1 as one' }])).body.results).toEqual([{ columns: ['one'], rows: [{ tag: 'integer', val: '1' }].map((value) => [value]) }]);
  });

  it('serves from a read-only app directory, warning about .spin and failing only the stores, naming the file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
    await writeFile(join(dir!, 'spin.toml'), manifest('key_value_stores = ["default"]'));
    const restore = makeReadOnly(dir);
    if (restore === undefined) return; // this machine cannot make a directory read-only for us
    try {
      running = await startApp(join(dir!, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions() });
      expect(running.app.warnings.map((warning) => warning.message).join('\n')).toContain(join(dir!, '.spin'));
      const failed = await call('/kv/default/x');
      expect(failed.status).toBe(500);
      expect(failed.body.error.val).toContain(join(dir!, '.spin', 'sqlite_key_value.db'));
    } finally {
      restore();
    }
  });
});

describe('SQLite databases through a real guest', () => {
  const int = (value: number) => ({ integer: String(value) });

  it('runs statements on one connection per open (a transaction spans them), maps every value type, and reports each', async () => {
    await app();
    const { body } = await sql('default', [
      { sql: 'CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT, done REAL, data BLOB, note)' },
      { sql: 'BEGIN' },
      { sql: 'INSERT INTO todo (title, done, data, note) VALUES (?, ?, ?, ?)', params: [{ text: 'write tests' }, { real: 0.5 }, { blob: '00ff' }, null] },
      { sql: 'COMMIT' },
      { sql: 'SELECT id, title, done, data, note FROM todo WHERE id = :id', params: [int(1)] },
      { sql: 'SELECT nope FROM todo' },
    ]);
    expect(body.results[4]).toEqual({
      columns: ['id', 'title', 'done', 'data', 'note'],
      rows: [[{ tag: 'integer', val: '1' }, { tag: 'text', val: 'write tests' }, { tag: 'real', val: 0.5 }, { tag: 'blob', val: '00ff' }, { tag: 'null' }]],
    });
    expect(body.results[5]).toEqual({ error: { tag: 'io', val: 'no such column: nope' } });
    expect(body).toMatchObject({ lastInsertRowid: '1', changes: '1' });
    const executes = (await lastTrace()).filter((event): event is SqliteEvent => event.kind === 'sqlite.operation' && event.operation === 'execute');
    expect(executes[4]).toMatchObject({ interface: 'spin:sqlite/sqlite@3.0.0', database: 'default', statement: 'SELECT id, title, done, data, note FROM todo WHERE id = :id', parameters: [{ type: 'integer', value: '1' }], rowCount: 1 });
    expect(executes[5]).toMatchObject({ error: { tag: 'io', message: 'no such column: nope' } });
    // fermyon:spin/sqlite@2.0.0 sees the same database file, .spin/sqlite_db.db.
    expect((await sql('default', [{ sql: 'SELECT count(*) AS n FROM todo' }], 'sql2')).body.results).toEqual([{ columns: ['n'], rows: [[{ tag: 'integer', val: '1' }]] }]);
    const db = new Database(join(dir!, '.spin', 'sqlite_db.db'), { readonly: true });
    expect(db.prepare('SELECT title FROM todo').get()).toEqual({ title: 'write tests' });
    db.close();
  });

  it('denies a database the component does not list, with sqlite.denied naming the label to add', async () => {
    await app('sqlite_databases = []');
    expect(await sql('default', [])).toEqual({ status: 500, body: { error: { tag: 'access-denied' } } });
    expect((await lastTrace()).find((event) => event.kind === 'sqlite.denied')).toMatchObject({ label: 'default', field: 'sqlite_databases', suggestion: 'default' });
  });

  it('runs --sqlite statements (a plain one, and a file on a runtime-config database) before serving', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
    await writeFile(join(dir!, 'migrate.sql'), "CREATE TABLE seen (who TEXT); INSERT INTO seen VALUES ('file');");
    await writeFile(join(dir!, 'runtime-config.toml'), '[sqlite_database.reports]\ntype = "spin"\npath = "reports.db"\n');
    const sqliteStatements = parseSqliteStatementArgs(['CREATE TABLE boot (at TEXT)', `@${join(dir!, 'migrate.sql')}:reports`]);
    await app('sqlite_databases = ["default", "reports"]', { sqliteStatements, runtimeConfigFile: join(dir!, 'runtime-config.toml'), cwd: dir });
    expect((await sql('default', [{ sql: "SELECT name FROM sqlite_master WHERE name = 'boot'" }])).body.results[0].rows).toEqual([[{ tag: 'text', val: 'boot' }]]);
    expect((await sql('reports', [{ sql: 'SELECT who FROM seen' }])).body.results[0].rows).toEqual([[{ tag: 'text', val: 'file' }]]);
  });
});

describe('the runtime config file', () => {
  it('puts a labelled store where its path says, relative to the runtime config file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
    await mkdir(join(dir!, 'config'));
    await writeFile(join(dir!, 'config', 'rc.toml'), '[key_value_store.cache]\ntype = "spin"\npath = "cache.db"\n');
    await app('key_value_stores = ["cache"]', { runtimeConfigFile: join(dir!, 'config', 'rc.toml') });
    await put('/kv/cache/k', 'v');
    const db = new Database(join(dir!, 'config', 'cache.db'), { readonly: true });
    expect(db.prepare('SELECT store, key FROM spin_key_value').get()).toEqual({ store: 'cache', key: 'k' });
    db.close();
  });

  it('refuses a store type Spinscope does not support, naming the file and line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-storage-'));
    await writeFile(join(dir!, 'rc.toml'), '# caches\n[key_value_store.cache]\ntype = "redis"\nurl = "redis://127.0.0.1"\n');
    await expect(app('key_value_stores = ["cache"]', { runtimeConfigFile: join(dir!, 'rc.toml') })).rejects.toMatchObject({
      code: 'SPINSCOPE_RUNTIME_CONFIG',
      file: join(dir!, 'rc.toml'),
      line: 3,
    });
  });

  it("refuses a component's key_value_stores label the app does not define, as Spin's loader does", async () => {
    await expect(app('key_value_stores = ["cache"]')).rejects.toMatchObject({
      message: expect.stringContaining('unknown key_value_stores label "cache" for component "web"'),
      component: 'web',
    });
  });
});
