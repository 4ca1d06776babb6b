/**
 * Both SQLite drivers against the same cases, so the storage layer behaves the same over
 * better-sqlite3 (Node) and node:sqlite (Electron). A driver this Node cannot run is
 * skipped, and its title says why: Node 20 has no node:sqlite, and better-sqlite3 loads
 * only in the Node ABI it was built for. Run under Node 24 to exercise node:sqlite.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../runtime/errors/spinscope-error.js';
import { betterSqlite3Driver } from '../../../runtime/storage/better-sqlite3-driver.js';
import { nodeSqliteDriver } from '../../../runtime/storage/node-sqlite-driver.js';
import { DRIVER_VARIABLE, selectedDriver } from '../../../runtime/storage/open-connection.js';
import type { DriverConnection, SqliteCell } from '../../../runtime/storage/sqlite-driver.js';
import { StorageError } from '../../../runtime/storage/storage-error.js';
import type { StoreLocation } from '../../../runtime/storage/store-location.js';
import { thrown } from '../../support/thrown.js';

for (const driver of [betterSqlite3Driver, nodeSqliteDriver]) {
  const why = driver.unavailable();
  // The default reporter lists no skipped titles, so say it where every run shows it.
  if (why !== undefined) console.info(`sqlite-drivers: skipping ${driver.name}: ${why}`);
  describe.skipIf(why !== undefined)(why === undefined ? driver.name : `${driver.name} (skipped: ${why})`, () => {
    let dir: string;
    let file: string;
    const opened: DriverConnection[] = [];
    const open = (location: StoreLocation = { kind: 'file', path: file }): DriverConnection => {
      const connection = driver.open(location);
      opened.push(connection);
      return connection;
    };
    const query = (db: DriverConnection, sql: string, values: SqliteCell[] = []): SqliteCell[][] => db.prepare(sql).all(values);

    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'spinscope-driver-'));
      file = path.join(dir, 'db.sqlite');
    });

    afterEach(() => {
      for (const connection of opened.splice(0)) connection.close();
      rmSync(dir, { recursive: true, force: true });
    });

    describe('values', () => {
      it('returns every storage class as bound, every INTEGER as a bigint', () => {
        const db = open();
        db.prepare('CREATE TABLE t (v)').run([]);
        const values: SqliteCell[] = [0n, -(2n ** 63n), 2n ** 63n - 1n, 1.5, 2, -0.25, '', 'héllo ✓ 🦀', 'a\u0000b', new Uint8Array([0, 1, 255]), new Uint8Array(), null];
        const insert = db.prepare('INSERT INTO t VALUES (?)');
        for (const value of values) insert.run([value]);
        const rows = query(db, 'SELECT v, typeof(v) FROM t ORDER BY rowid');
        expect(rows.map((row) => row[0])).toEqual(values);
        expect(rows.map((row) => row[1])).toEqual(['integer', 'integer', 'integer', 'real', 'real', 'real', 'text', 'text', 'text', 'blob', 'blob', 'null']);
      });

      it('reads small integers as bigints and whole reals as numbers', () => {
        expect(query(open(), 'SELECT 1, 2.0, 9007199254740993, 1e300, -0.0')).toEqual([[1n, 2, 9007199254740993n, 1e300, -0]]);
      });

      it('hands out a BLOB as a plain Uint8Array', () => {
        const [cell] = query(open(), "SELECT x'0102'")[0] ?? [];
        expect(Object.getPrototypeOf(cell)).toBe(Uint8Array.prototype);
        expect(cell).toEqual(new Uint8Array([1, 2]));
      });

      it('stores NaN as NULL, as SQLite does', () => {
        expect(query(open(), 'SELECT ?', [Number.NaN])).toEqual([[null]]);
      });
    });

    describe('statements', () => {
      it('says whether a statement returns rows, and names its columns even when no row matches', () => {
        const db = open();
        const shape = (sql: string) => {
          const statement = db.prepare(sql);
          return { returnsRows: statement.returnsRows, columns: statement.columns };
        };
        expect(shape('CREATE TABLE t (a, b)')).toEqual({ returnsRows: false, columns: [] });
        db.prepare('CREATE TABLE t (a, b)').run([]);
        expect(shape('SELECT a, b AS renamed, count(*), 1+1, a FROM t WHERE 0')).toEqual({ returnsRows: true, columns: ['a', 'renamed', 'count(*)', '1+1', 'a'] });
        expect(query(db, 'SELECT a FROM t WHERE 0')).toEqual([]);
        expect(shape('INSERT INTO t VALUES (1, 2)')).toEqual({ returnsRows: false, columns: [] });
        expect(shape('INSERT INTO t VALUES (1, 2) RETURNING b, a')).toEqual({ returnsRows: true, columns: ['b', 'a'] });
        expect(shape('PRAGMA user_version')).toEqual({ returnsRows: true, columns: ['user_version'] });
        expect(shape('PRAGMA user_version = 3')).toEqual({ returnsRows: false, columns: [] });
      });

      it('refuses SQL holding a second statement, but not trailing semicolons and comments', () => {
        const db = open();
        expect(() => db.prepare('SELECT 1; SELECT 2')).toThrow('The supplied SQL string contains more than one statement');
        expect(() => db.prepare("SELECT 'a;b' -- c;\n; ; /* d; */ ")).not.toThrow();
        db.prepare('CREATE TABLE t (x)').run([]);
        expect(() => db.prepare('CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END; ').run([])).not.toThrow();
      });

      it('takes one step and leaves the statement reset', () => {
        const db = open();
        db.prepare('CREATE TABLE t (x)').step([]);
        db.prepare('INSERT INTO t VALUES (1), (2)').step([]);
        const select = db.prepare('SELECT x FROM t ORDER BY x');
        select.step([]);
        // A statement left mid-way would keep the table locked.
        db.prepare('DROP TABLE t').run([]);
        expect(query(db, "SELECT count(*) FROM sqlite_master WHERE name = 't'")).toEqual([[0n]]);
      });

      it('runs a statement again with fresh values', () => {
        const db = open();
        const select = db.prepare('SELECT ?, ?');
        expect(select.all([1n, 2n])).toEqual([[1n, 2n]]);
        expect(select.all([3n])).toEqual([[3n, null]]);
      });
    });

    describe('binding by index', () => {
      it.each<[string, SqliteCell[], SqliteCell[]]>([
        ['SELECT :a, @b, $c, :a, ?', [1n, 2n, 3n, 4n], [1n, 2n, 3n, 1n, 4n]],
        ['SELECT :id, @id, $id', ['x', 'y', 'z'], ['x', 'y', 'z']],
        ['SELECT ?2, ?1, ?2', ['one', 'two'], ['two', 'one', 'two']],
        ['SELECT ?3', [null, null, 'third'], ['third']],
        ['SELECT :a, ?, ?5, @b, :a, ?', ['A', 2n, 3n, 4n, 'five', 'B', 7n], ['A', 2n, 'five', 'B', 'A', 7n]],
        ['SELECT ?, :a, ?1', ['first', 'second'], ['first', 'second', 'first']],
        ['SELECT ?, ?', ['only'], ['only', null]],
      ])('%j binds each value to its index', (sql, values, row) => {
        expect(query(open(), sql, values)).toEqual([row]);
      });
    });

    describe('connection', () => {
      it("opens as rusqlite does for Spin: 5 s busy timeout, foreign keys on, defensive off", () => {
        const db = open();
        expect(query(db, 'PRAGMA busy_timeout')).toEqual([[5000n]]);
        expect(query(db, 'PRAGMA foreign_keys')).toEqual([[1n]]);
        db.prepare('PRAGMA writable_schema = ON').run([]);
        expect(query(db, 'PRAGMA writable_schema')).toEqual([[1n]]);
      });

      it('refuses double-quoted string literals, as better-sqlite3 builds SQLite to', () => {
        expect(thrown(StorageError, () => query(open(), 'SELECT "nope"')).message).toBe('no such column: "nope" - should this be a string literal in single-quotes?');
      });

      it('tracks a transaction, and rolls it back on close; closing twice is harmless', () => {
        const db = open();
        db.prepare('CREATE TABLE t (x)').run([]);
        expect(db.inTransaction).toBe(false);
        db.prepare('BEGIN IMMEDIATE').run([]);
        expect(db.inTransaction).toBe(true);
        db.prepare('INSERT INTO t VALUES (1)').run([]);
        expect(query(open(), 'SELECT count(*) FROM t')).toEqual([[0n]]);
        db.close();
        db.close();
        expect(query(open(), 'SELECT count(*) FROM t')).toEqual([[0n]]);
      });

      it('gives every in-memory connection its own database', () => {
        const a = open({ kind: 'memory' });
        a.prepare('CREATE TABLE t (x)').run([]);
        expect(thrown(StorageError, () => query(open({ kind: 'memory' }), 'SELECT * FROM t'))).toMatchObject({ message: 'no such table: t', file: undefined });
      });

      it('creates a missing file', () => {
        open().prepare('CREATE TABLE t (x)').run([]);
        expect(existsSync(file)).toBe(true);
      });
    });

    describe('errors', () => {
      it.each([
        ['SELEC 1', 'near "SELEC": syntax error', 'SQLITE_ERROR'],
        ['INSERT INTO u VALUES (1)', 'UNIQUE constraint failed: u.v', 'SQLITE_CONSTRAINT_UNIQUE'],
        ['INSERT INTO parent VALUES (1)', 'UNIQUE constraint failed: parent.id', 'SQLITE_CONSTRAINT_PRIMARYKEY'],
        ['INSERT INTO child VALUES (2)', 'FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT_FOREIGNKEY'],
      ])('%j fails with SQLite\'s message and extended result code', (sql, message, sqliteCode) => {
        const db = open();
        for (const setup of ['CREATE TABLE u (v UNIQUE)', 'INSERT INTO u VALUES (1)', 'CREATE TABLE parent (id INTEGER PRIMARY KEY)', 'INSERT INTO parent VALUES (1)', 'CREATE TABLE child (p REFERENCES parent(id))']) {
          db.prepare(setup).run([]);
        }
        expect(thrown(StorageError, () => db.prepare(sql).run([]))).toMatchObject({ message, sqliteCode, file, storeFailure: true });
      });

      it('names a file that is not a database, at the first statement', () => {
        writeFileSync(file, 'this is certainly not a SQLite database, it is a text file long enough to have a header');
        const db = open();
        expect(thrown(StorageError, () => query(db, 'SELECT 1'))).toMatchObject({ file, sqliteCode: 'SQLITE_NOTADB', message: `${file}: file is not a database` });
      });

      it('names a missing directory, which it does not create', () => {
        const inside = path.join(dir, 'absent', 'db.sqlite');
        expect(thrown(StorageError, () => open({ kind: 'file', path: inside }))).toMatchObject({
          file: inside,
          sqliteCode: 'SQLITE_CANTOPEN',
          message: `${inside}: unable to open database file: directory ${path.dirname(inside)} does not exist`,
        });
        expect(existsSync(path.dirname(inside))).toBe(false);
      });

      it('lets a misuse by Spinscope propagate as it is', () => {
        const error = thrown(Error, () => open().prepare('   '));
        expect(error).not.toBeInstanceOf(StorageError);
      });
    });
  });
}

describe('choosing a driver', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const inElectron = <T>(body: () => T): T => {
    // A stand-in for Electron, which adds its version to process.versions in every thread.
    Object.defineProperty(process.versions, 'electron', { value: '45.4.1', configurable: true });
    try {
      return body();
    } finally {
      delete (process.versions as { electron?: string }).electron;
    }
  };

  it('uses better-sqlite3 in Node', () => {
    vi.stubEnv(DRIVER_VARIABLE, undefined);
    expect(selectedDriver()).toBe(betterSqlite3Driver);
  });

  it('uses node:sqlite in Electron, or better-sqlite3 where this Node has no node:sqlite', () => {
    vi.stubEnv(DRIVER_VARIABLE, undefined);
    expect(inElectron(selectedDriver)).toBe(nodeSqliteDriver.unavailable() === undefined ? nodeSqliteDriver : betterSqlite3Driver);
  });

  it(`obeys ${DRIVER_VARIABLE} when the library can run, and says why not otherwise`, () => {
    for (const [value, driver] of [
      ['node', nodeSqliteDriver],
      ['better-sqlite3', betterSqlite3Driver],
    ] as const) {
      vi.stubEnv(DRIVER_VARIABLE, value);
      const why = driver.unavailable();
      if (why === undefined) expect(selectedDriver()).toBe(driver);
      else expect(thrown(UsageError, selectedDriver).message).toBe(`${DRIVER_VARIABLE}=${value}, but ${driver.name} cannot run here: ${why}`);
    }
  });

  it(`refuses an unknown ${DRIVER_VARIABLE}`, () => {
    vi.stubEnv(DRIVER_VARIABLE, 'sqlite3');
    expect(thrown(UsageError, selectedDriver).message).toBe(`${DRIVER_VARIABLE}=sqlite3: expected node or better-sqlite3`);
  });
});
