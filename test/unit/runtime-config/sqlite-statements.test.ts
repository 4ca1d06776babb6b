import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../runtime/errors/spinscope-error.js';
import {
  parseRuntimeConfig,
  parseSqliteStatementArgs,
  prepareStoreDirs,
  resolveStoreLayout,
  runSqliteStatements,
  SqliteStatementError,
  type StoreLayout,
} from '../../../runtime/runtime-config/index.js';
import { SqliteConnection } from '../../../runtime/storage/index.js';
import { thrown } from '../../support/thrown.js';

describe('parseSqliteStatementArgs', () => {
  it('reads plain statements, @file and @file:label as Spin does', () => {
    expect(parseSqliteStatementArgs(['CREATE TABLE t (x)', '@migrate.sql', ' @ seed.sql : analytics ', '@a:b:c'])).toEqual([
      { kind: 'statement', sql: 'CREATE TABLE t (x)' },
      { kind: 'file', file: 'migrate.sql', label: 'default', config: 'migrate.sql' },
      // Only a leading @ makes a file argument: this one is a statement.
      { kind: 'statement', sql: ' @ seed.sql : analytics ' },
      { kind: 'file', file: 'a', label: 'b:c', config: 'a:b:c' },
    ]);
    expect(parseSqliteStatementArgs(['@ seed.sql : analytics '])).toEqual([{ kind: 'file', file: 'seed.sql', label: 'analytics', config: 'seed.sql : analytics' }]);
  });

  it.each([
    ['@', "database configuration is empty in the '@' sqlite statement"],
    ['@   ', "database configuration is empty in the '@' sqlite statement"],
    ['@file.sql:', "database label is empty in the '@file.sql:' sqlite statement"],
    ['@file.sql:  ', "database label is empty in the '@file.sql:' sqlite statement"],
    ['@:label', "file path is empty in the '@:label' sqlite statement"],
  ])("refuses %j with Spin's message", (arg, message) => {
    expect(thrown(UsageError, () => parseSqliteStatementArgs([arg])).message).toBe(message);
  });
});

describe('runSqliteStatements', () => {
  let dir: string;
  let layout: StoreLayout;
  const query = (database: string, sql: string) => {
    const spec = layout.sqliteDatabases.get(database);
    if (spec === undefined) throw new Error(`no ${database}`);
    const connection = new SqliteConnection(spec.location);
    try {
      return connection.execute(sql, []).rows;
    } finally {
      connection.close();
    }
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spinscope-sqlite-args-'));
    const config = parseRuntimeConfig('[sqlite_database.analytics]\ntype = "spin"\npath = "analytics.db"\n', path.join(dir, 'rc.toml'));
    layout = resolveStoreLayout({ manifestDir: dir, cwd: dir, runtimeConfig: config });
    await prepareStoreDirs(layout);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the first statement of a plain argument against default, and every statement of a file against its label', async () => {
    await writeFile(path.join(dir, 'schema.sql'), 'CREATE TABLE events (name TEXT);\n-- seed\nINSERT INTO events VALUES (\'start\');\nINSERT INTO events VALUES (\'stop\');\n');
    await runSqliteStatements(
      layout,
      parseSqliteStatementArgs(['CREATE TABLE t (x); CREATE TABLE ignored (x)', "INSERT INTO t VALUES (1)", '@schema.sql:analytics']),
      dir,
    );
    expect(query('default', "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([[{ tag: 'text', val: 't' }]]);
    expect(query('default', 'SELECT x FROM t')).toEqual([[{ tag: 'integer', val: 1n }]]);
    expect(query('analytics', 'SELECT name FROM events ORDER BY rowid')).toEqual([[{ tag: 'text', val: 'start' }], [{ tag: 'text', val: 'stop' }]]);
  });

  it('loses a plain statement against an in-memory default, as Spin does', async () => {
    const inMemory = resolveStoreLayout({ manifestDir: dir, cwd: dir, stateDir: '' });
    await runSqliteStatements(inMemory, parseSqliteStatementArgs(['CREATE TABLE t (x)', 'SELECT * FROM sqlite_master']), dir);
    await expect(runSqliteStatements(inMemory, parseSqliteStatementArgs(['SELECT * FROM t']), dir)).rejects.toThrow('no such table: t');
  });

  it("reports a failing statement with Spin's context", async () => {
    const error = await rejection(runSqliteStatements(layout, parseSqliteStatementArgs(['SELEC 1']), dir));
    expect(error).toMatchObject({ code: 'SPINSCOPE_SQLITE_STATEMENT', argument: 'SELEC 1' });
    expect(error.message).toBe(`failed to execute following sql statement against default database: 'SELEC 1': near "SELEC": syntax error`);
  });

  it('needs no parameters, failing as Spin does when the statement has some', async () => {
    const error = await rejection(runSqliteStatements(layout, parseSqliteStatementArgs(['SELECT ?']), dir));
    expect(error.message).toBe(`failed to execute following sql statement against default database: 'SELECT ?': Wrong number of parameters passed to query. Got 0, needed 1`);
  });

  it('reports an unknown label, an unreadable file and a failing file', async () => {
    await writeFile(path.join(dir, 'bad.sql'), 'CREATE TABLE ok (x);\nINSERT INTO nope VALUES (1);\n');
    expect((await rejection(runSqliteStatements(layout, parseSqliteStatementArgs(['@bad.sql:nowhere']), dir))).message).toBe(
      "based on the '@bad.sql:nowhere' a registered database named 'nowhere' was expected but not found.",
    );
    const unreadable = await rejection(runSqliteStatements(layout, parseSqliteStatementArgs(['@missing.sql']), dir));
    expect(unreadable).toMatchObject({ argument: '@missing.sql' });
    expect(unreadable.message).toMatch(/^could not read file 'missing.sql' containing sql statements: ENOENT/);
    const failing = await rejection(runSqliteStatements(layout, parseSqliteStatementArgs(['@bad.sql']), dir));
    expect(failing.message).toBe("failed to execute sql against database 'default' from file 'bad.sql': no such table: nope");
    // Statements before the failing one ran, as with rusqlite's execute_batch.
    expect(query('default', "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([[{ tag: 'text', val: 'ok' }]]);
  });

  it('stops at the first failing argument', async () => {
    await rejection(runSqliteStatements(layout, parseSqliteStatementArgs(['CREATE TABLE a (x)', 'bogus', 'CREATE TABLE b (x)']), dir));
    expect(query('default', "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([[{ tag: 'text', val: 'a' }]]);
  });
});

async function rejection(promise: Promise<unknown>): Promise<SqliteStatementError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SqliteStatementError) return error;
    throw error;
  }
  throw new Error('expected a SqliteStatementError');
}
