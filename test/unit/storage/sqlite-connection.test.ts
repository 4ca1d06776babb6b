import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConnection, type SqlValue, StorageError } from '../../../runtime/storage/index.js';
import { makeReadOnly } from '../../support/read-only.js';
import { thrown } from '../../support/thrown.js';

let dir: string;
let file: string;
const opened: SqliteConnection[] = [];
const connect = (at = file, allowAttachFile = false): SqliteConnection => {
  const connection = new SqliteConnection({ kind: 'file', path: at }, { allowAttachFile });
  opened.push(connection);
  return connection;
};

const int = (val: bigint): SqlValue => ({ tag: 'integer', val });
const real = (val: number): SqlValue => ({ tag: 'real', val });
const text = (val: string): SqlValue => ({ tag: 'text', val });
const blob = (val: Uint8Array): SqlValue => ({ tag: 'blob', val });
const NULL: SqlValue = { tag: 'null' };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spinscope-sqlite-'));
  file = path.join(dir, 'sqlite_db.db');
});

afterEach(() => {
  for (const connection of opened.splice(0)) connection.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('values', () => {
  it('binds and returns every storage class', () => {
    const db = connect();
    db.execute('CREATE TABLE t (v)', []);
    const values = [
      int(0n),
      int(-(2n ** 63n)),
      int(2n ** 63n - 1n),
      real(1.5),
      real(2),
      real(-0.25),
      text(''),
      text('héllo ✓ 🦀'),
      blob(new Uint8Array([0, 1, 255])),
      blob(new Uint8Array()),
      NULL,
    ];
    for (const value of values) db.execute('INSERT INTO t (v) VALUES (?)', [value]);
    const result = db.execute('SELECT v, typeof(v) FROM t ORDER BY rowid', []);
    expect(result.columns).toEqual(['v', 'typeof(v)']);
    expect(result.rows.map((row) => row[0])).toEqual(values);
    expect(result.rows.map((row) => row[1])).toEqual(
      ['integer', 'integer', 'integer', 'real', 'real', 'real', 'text', 'text', 'blob', 'blob', 'null'].map(text),
    );
  });

  it("maps results by the value's storage class, not the declared type", () => {
    const db = connect();
    db.execute('CREATE TABLE t (n INTEGER, s TEXT, r REAL)', []);
    db.execute('INSERT INTO t VALUES (?, ?, ?)', [text('12'), int(7n), int(3n)]);
    db.execute("INSERT INTO t VALUES ('abc', x'01', NULL)", []);
    expect(db.execute('SELECT n, s, r FROM t', []).rows).toEqual([
      [int(12n), text('7'), real(3)],
      [text('abc'), blob(new Uint8Array([1])), NULL],
    ]);
  });

  it('stores a NaN real as NULL, as SQLite does', () => {
    expect(connect().execute('SELECT ?', [real(Number.NaN)]).rows).toEqual([[NULL]]);
  });
});

describe('statements', () => {
  it('runs only the first statement and ignores the rest', () => {
    const db = connect();
    db.execute('CREATE TABLE t (x); CREATE TABLE never (x)', []);
    db.execute('INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)', []);
    expect(db.execute("SELECT x FROM t; DROP TABLE t; this is not even SQL '", []).rows).toEqual([[int(1n)]]);
    expect(db.execute("SELECT name FROM sqlite_master WHERE type = 'table'", []).rows).toEqual([[text('t')]]);
  });

  it('names columns even when no row matches, keeping duplicates and expressions', () => {
    const db = connect();
    db.execute('CREATE TABLE t (a, b)', []);
    expect(db.execute('SELECT a, b AS renamed FROM t WHERE 0', [])).toEqual({ columns: ['a', 'renamed'], rows: [] });
    expect(db.execute('SELECT count(*), 1+1, a, a FROM t', []).columns).toEqual(['count(*)', '1+1', 'a', 'a']);
    expect(db.execute('INSERT INTO t VALUES (1, 2)', [])).toEqual({ columns: [], rows: [] });
    expect(db.execute('INSERT INTO t VALUES (3, 4) RETURNING b, a', [])).toEqual({ columns: ['b', 'a'], rows: [[int(4n), int(3n)]] });
  });

  it('binds positionally whatever the placeholder style', () => {
    const db = connect();
    expect(db.execute('SELECT :a, @b, $c, :a, ?', [int(1n), int(2n), int(3n), int(4n)]).rows).toEqual([[int(1n), int(2n), int(3n), int(1n), int(4n)]]);
    expect(db.execute('SELECT ?2, ?1, ?2', [text('one'), text('two')]).rows).toEqual([[text('two'), text('one'), text('two')]]);
    expect(db.execute('SELECT :id, @id, $id', [text('x'), text('y'), text('z')]).rows).toEqual([[text('x'), text('y'), text('z')]]);
    expect(db.execute('SELECT ?3', [NULL, NULL, text('third')]).rows).toEqual([[text('third')]]);
  });

  it.each([
    ['SELECT ?', 3, 'Got 2, needed 1'],
    ['SELECT ?, ?', 0, 'Got 0, needed 2'],
    ['SELECT ?, ?', 1, 'Got 1, needed 2'],
    ['SELECT ?5', 1, 'Got 1, needed 5'],
    ['SELECT :a, :a', 2, 'Got 2, needed 1'],
    ['SELECT 1', 1, 'Got 1, needed 0'],
    ['', 1, 'Got 1, needed 0'],
  ])('%j with %i values fails with rusqlite\'s count message (%s)', (sql, count, detail) => {
    const error = thrown(StorageError, () => connect().execute(sql, Array.from({ length: count }, () => NULL)));
    expect(error.message).toBe(`Wrong number of parameters passed to query. ${detail}`);
    expect(error.storeFailure).toBe(true);
  });

  it.each(['', '   ', ';', '-- just a comment'])('%j is an API misuse, as stepping a NULL statement is', (sql) => {
    expect(thrown(StorageError, () => connect().execute(sql, []))).toMatchObject({ message: 'bad parameter or other API misuse', sqliteCode: 'SQLITE_MISUSE' });
  });

  it.each([
    ['SELEC 1', 'near "SELEC": syntax error'],
    ['SELECT * FROM nope', 'no such table: nope'],
    ['SELECT nope', 'no such column: nope'],
    ['SELECT (1', 'incomplete input'],
  ])('%j fails with SQLite\'s message', (sql, message) => {
    expect(thrown(StorageError, () => connect().execute(sql, []))).toMatchObject({ message, file });
  });

  it('reports constraint failures, with foreign keys on as in Spin', () => {
    const db = connect();
    db.execute('CREATE TABLE parent (id INTEGER PRIMARY KEY)', []);
    db.execute('CREATE TABLE child (parent INTEGER REFERENCES parent(id))', []);
    db.execute('INSERT INTO parent VALUES (1)', []);
    expect(thrown(StorageError, () => db.execute('INSERT INTO parent VALUES (1)', [])).message).toBe('UNIQUE constraint failed: parent.id');
    expect(thrown(StorageError, () => db.execute('INSERT INTO child VALUES (2)', [])).message).toBe('FOREIGN KEY constraint failed');
  });
});

describe('connection state', () => {
  it('keeps a transaction across executes, invisible to other connections until COMMIT', () => {
    const db = connect();
    db.execute('CREATE TABLE t (x)', []);
    db.execute('BEGIN', []);
    db.execute('INSERT INTO t VALUES (1)', []);
    expect(db.execute('SELECT count(*) FROM t', []).rows).toEqual([[int(1n)]]);
    expect(connect().execute('SELECT count(*) FROM t', []).rows).toEqual([[int(0n)]]);
    db.execute('COMMIT', []);
    expect(connect().execute('SELECT count(*) FROM t', []).rows).toEqual([[int(1n)]]);
  });

  it('rolls back an open transaction on close and releases the file', () => {
    const db = connect();
    db.execute('CREATE TABLE t (x)', []);
    db.execute('BEGIN IMMEDIATE', []);
    db.execute('INSERT INTO t VALUES (1)', []);
    db.close();
    const other = connect();
    expect(other.execute('SELECT count(*) FROM t', []).rows).toEqual([[int(0n)]]);
    other.execute('INSERT INTO t VALUES (2)', []);
    expect(thrown(StorageError, () => db.execute('SELECT 1', [])).message).toBe('the connection is closed');
  });

  it("reports last_insert_rowid and changes of its own connection only", () => {
    const db = connect();
    expect(db.lastInsertRowid()).toBe(0n);
    expect(db.changes()).toBe(0n);
    db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v)', []);
    db.execute('INSERT INTO t (id, v) VALUES (41, 1), (42, 2)', []);
    expect(db.lastInsertRowid()).toBe(42n);
    expect(db.changes()).toBe(2n);
    db.execute('SELECT * FROM t', []);
    db.execute('CREATE TABLE u (x)', []);
    expect(db.changes()).toBe(2n);
    db.execute('UPDATE t SET v = 0 WHERE id = 41', []);
    expect(db.changes()).toBe(1n);
    expect(db.lastInsertRowid()).toBe(42n);
    const other = connect();
    expect(other.lastInsertRowid()).toBe(0n);
    expect(other.changes()).toBe(0n);
  });

  it('gives every in-memory connection a fresh database', () => {
    const a = new SqliteConnection({ kind: 'memory' });
    const b = new SqliteConnection({ kind: 'memory' });
    a.execute('CREATE TABLE t (x)', []);
    expect(thrown(StorageError, () => b.execute('SELECT * FROM t', [])).message).toBe('no such table: t');
    a.close();
    b.close();
  });
});

describe('ATTACH', () => {
  it('refuses to attach a file unless allow_attach_file', () => {
    const other = path.join(dir, 'other.db');
    expect(thrown(StorageError, () => connect().execute(`ATTACH '${other}' AS o`, []))).toMatchObject({ message: 'not authorized', sqliteCode: 'SQLITE_AUTH' });
    expect(existsSync(other)).toBe(false);
    connect(file, true).execute(`ATTACH '${other}' AS o`, []);
    expect(existsSync(other)).toBe(true);
  });

  it("always allows a temporary or in-memory database, and a file name bound as a parameter (Spin's authorizer sees none)", () => {
    const db = connect();
    db.execute("ATTACH '' AS temp_one", []);
    db.execute("ATTACH ':memory:' AS mem", []);
    db.execute('ATTACH ? AS bound', [text(path.join(dir, 'bound.db'))]);
    expect(db.execute('SELECT name FROM pragma_database_list ORDER BY seq', []).rows.map((row) => row[0])).toEqual(
      ['main', 'temp_one', 'mem', 'bound'].map(text),
    );
  });
});

describe('batches (spin up --sqlite @file)', () => {
  it('runs every statement, parameters left NULL', () => {
    const db = connect();
    db.executeBatch('CREATE TABLE t (x, y);\n-- seed\nINSERT INTO t VALUES (1, :unset);\n\nINSERT INTO t VALUES (2, 2)');
    expect(db.execute('SELECT x, y FROM t ORDER BY x', []).rows).toEqual([
      [int(1n), NULL],
      [int(2n), int(2n)],
    ]);
  });

  it('stops at the first failing statement, keeping what ran before', () => {
    const db = connect();
    expect(thrown(StorageError, () => db.executeBatch('CREATE TABLE t (x); INSERT INTO nope VALUES (1); CREATE TABLE u (x)')).message).toBe('no such table: nope');
    expect(db.execute("SELECT name FROM sqlite_master WHERE type = 'table'", []).rows).toEqual([[text('t')]]);
  });

  it('applies the ATTACH rule to every statement', () => {
    expect(thrown(StorageError, () => connect().executeBatch(`SELECT 1; ATTACH '${path.join(dir, 'x.db')}' AS x`)).message).toBe('not authorized');
  });
});

describe('file problems surface at the first execute, naming the file', () => {
  it('a corrupt file', () => {
    writeFileSync(file, 'this is certainly not a SQLite database, it is a text file long enough to have a header');
    const db = connect();
    expect(thrown(StorageError, () => db.execute('SELECT 1', []))).toMatchObject({ file, sqliteCode: 'SQLITE_NOTADB', message: `${file}: file is not a database` });
  });

  it('a missing directory, which is not created; a later execute tries again', () => {
    const inside = path.join(dir, 'later', 'db.sqlite');
    const db = connect(inside);
    expect(thrown(StorageError, () => db.execute('SELECT 1', []))).toMatchObject({
      file: inside,
      sqliteCode: 'SQLITE_CANTOPEN',
      message: `${inside}: unable to open database file: directory ${path.dirname(inside)} does not exist`,
    });
    expect(existsSync(path.dirname(inside))).toBe(false);
    mkdirSync(path.dirname(inside));
    expect(db.execute('SELECT 1', []).rows).toEqual([[int(1n)]]);
  });

  it('a read-only file', (context) => {
    const setup = connect();
    setup.execute('CREATE TABLE t (x)', []);
    setup.close();
    const restore = makeReadOnly(file);
    if (restore === undefined) return context.skip('cannot make a file read-only here');
    try {
      const db = connect();
      expect(db.execute('SELECT count(*) FROM t', []).rows).toEqual([[int(0n)]]);
      expect(thrown(StorageError, () => db.execute('INSERT INTO t VALUES (1)', []))).toMatchObject({
        file,
        message: `${file}: attempt to write a readonly database`,
      });
    } finally {
      for (const connection of opened.splice(0)) connection.close();
      restore();
    }
  });
});
