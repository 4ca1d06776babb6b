import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KeyValueStore, openKeyValueStore, StorageError } from '../../../runtime/storage/index.js';
import { openConnection } from '../../../runtime/storage/open-connection.js';
import type { DriverConnection } from '../../../runtime/storage/sqlite-driver.js';
import { makeReadOnly } from '../../support/read-only.js';
import { thrown } from '../../support/thrown.js';

// crates/key-value-spin/src/store.rs, `KeyValueSqlite::create_connection`, copied verbatim.
const SPIN_DDL = `CREATE TABLE IF NOT EXISTS spin_key_value (
                           store TEXT NOT NULL,
                           key   TEXT NOT NULL,
                           value BLOB NOT NULL,

                           PRIMARY KEY (store, key)
                        )`;
// Spin's `get` and `set` statements (`impl Store for SqliteStore`), verbatim.
const SPIN_GET = 'SELECT value FROM spin_key_value WHERE store=$1 AND key=$2';
const SPIN_SET = `INSERT INTO spin_key_value (store, key, value) VALUES ($1, $2, $3)
                     ON CONFLICT(store, key) DO UPDATE SET value=$3`;

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const le64 = (value: bigint): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, value, true);
  return out;
};

let dir: string;
let file: string;
// Spin's side of a file: a plain connection running Spin's own statements, binding `$1`..`$n`
// by index as rusqlite does.
const raw = (at = file): DriverConnection => openConnection({ kind: 'file', path: at });
const open: KeyValueStore[] = [];
const store = (label = 'default', at = file): KeyValueStore => {
  const opened = openKeyValueStore({ kind: 'file', path: at }, label);
  open.push(opened);
  return opened;
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spinscope-kv-'));
  file = path.join(dir, 'sqlite_key_value.db');
});

afterEach(() => {
  for (const opened of open.splice(0)) opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('file compatibility with Spin', () => {
  it('writes the schema byte for byte as Spin does', () => {
    store();
    const spin = raw(path.join(dir, 'spin.db'));
    spin.prepare(SPIN_DDL).run([]);
    const schema = (db: DriverConnection) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all([]);
    const ours = raw();
    expect(schema(ours)).toEqual(schema(spin));
    expect(schema(ours).map((row) => row[1])).toContain('sqlite_autoindex_spin_key_value_1');
    ours.close();
    spin.close();
  });

  it('reads a store Spin created and filled', () => {
    const spin = raw();
    spin.prepare(SPIN_DDL).run([]);
    const set = spin.prepare(SPIN_SET);
    set.run(['default', 'greeting', bytes('hello')]);
    set.run(['default', 'counter', le64(41n)]);
    set.run(['other', 'greeting', bytes('not mine')]);
    spin.close();

    const kv = store();
    expect(kv.get('greeting')).toEqual(bytes('hello'));
    expect(kv.keys()).toEqual(['counter', 'greeting']);
    expect(kv.increment('counter', 1n)).toBe(42n);
    expect(store('other').keys()).toEqual(['greeting']);
  });

  it("writes what Spin's own statements read back", () => {
    const kv = store('cache');
    kv.set('a', bytes('1'));
    kv.set('', new Uint8Array());
    kv.increment('n', 7n);
    kv.close();

    const spin = raw();
    const get = spin.prepare(SPIN_GET);
    expect(get.all(['cache', 'a'])).toEqual([[bytes('1')]]);
    expect(get.all(['cache', ''])).toEqual([[new Uint8Array()]]);
    expect(get.all(['cache', 'n'])).toEqual([[le64(7n)]]);
    expect(spin.prepare("SELECT typeof(key), typeof(value) FROM spin_key_value WHERE key = 'a'").all([])).toEqual([['text', 'blob']]);
    spin.close();
  });

  it('keeps every label to its own rows in one file', () => {
    const a = store('a');
    const b = store('b');
    a.set('k', bytes('from a'));
    b.set('k', bytes('from b'));
    a.delete('k');
    expect(a.get('k')).toBeUndefined();
    expect(b.get('k')).toEqual(bytes('from b'));
  });
});

describe('operations', () => {
  it('gets, sets, overwrites, checks and deletes', () => {
    const kv = store();
    expect(kv.get('missing')).toBeUndefined();
    expect(kv.exists('missing')).toBe(false);
    kv.set('k', bytes('one'));
    kv.set('k', bytes('two'));
    expect(kv.get('k')).toEqual(bytes('two'));
    expect(kv.exists('k')).toBe(true);
    kv.delete('k');
    kv.delete('k');
    expect(kv.exists('k')).toBe(false);
  });

  it('stores the empty key and the empty value', () => {
    const kv = store();
    kv.set('', new Uint8Array());
    expect(kv.get('')).toEqual(new Uint8Array());
    expect(kv.exists('')).toBe(true);
  });

  it('lists keys ascending by byte order', () => {
    const kv = store();
    for (const key of ['zeta', 'alpha', 'Mid', 'beta', 'é', 'a\u0000b']) kv.set(key, bytes(key));
    expect(kv.keys()).toEqual(['Mid', 'a\u0000b', 'alpha', 'beta', 'zeta', 'é']);
  });

  it('increments an 8-byte little-endian integer, treating a missing key as 0', () => {
    const kv = store();
    expect(kv.increment('n', 5n)).toBe(5n);
    expect(kv.increment('n', -7n)).toBe(-2n);
    expect(kv.get('n')).toEqual(le64(-2n));
    kv.set('raw', le64(0x0102030405060708n));
    expect(kv.increment('raw', 0n)).toBe(0x0102030405060708n);
  });

  it('wraps on overflow as Spin release builds do', () => {
    const kv = store();
    kv.set('n', le64(2n ** 63n - 1n));
    expect(kv.increment('n', 1n)).toBe(-(2n ** 63n));
  });

  it('refuses to increment a value that is not 8 bytes, leaving it alone', () => {
    const kv = store();
    kv.set('text', bytes('12'));
    const error = thrown(StorageError, () => kv.increment('text', 1n));
    expect(error).toMatchObject({ storeFailure: true, code: 'SPINSCOPE_STORAGE' });
    expect(error.message).toBe('cannot increment key "text" in store "default": its value is 2 bytes, not the 8-byte little-endian integer increment stores');
    expect(kv.get('text')).toEqual(bytes('12'));
    expect(kv.increment('other', 1n)).toBe(1n);
  });

  it('swaps only while the value is unchanged, comparing by value', () => {
    const kv = store();
    kv.set('k', bytes('v1'));
    expect(kv.swap('k', bytes('stale'), bytes('x'))).toBe(false);
    expect(kv.get('k')).toEqual(bytes('v1'));
    expect(kv.swap('k', bytes('v1'), bytes('v2'))).toBe(true);
    expect(kv.get('k')).toEqual(bytes('v2'));
    kv.delete('k');
    expect(kv.swap('k', bytes('v2'), bytes('v3'))).toBe(false);
    expect(kv.exists('k')).toBe(false);
  });

  it('swaps unconditionally when nothing was expected, as Spin does', () => {
    const kv = store();
    expect(kv.swap('k', undefined, bytes('first'))).toBe(true);
    expect(kv.swap('k', undefined, bytes('second'))).toBe(true);
    expect(kv.get('k')).toEqual(bytes('second'));
  });

  it('lets exactly one of two racing swaps from the same snapshot win', () => {
    const one = store();
    const two = store();
    one.set('k', bytes('v0'));
    const seen = two.get('k');
    expect(one.swap('k', seen, bytes('one'))).toBe(true);
    expect(two.swap('k', seen, bytes('two'))).toBe(false);
    expect(two.get('k')).toEqual(bytes('one'));
  });

  it('gets many: existing keys only, ascending, without duplicates', () => {
    const kv = store();
    kv.setMany([
      ['b', bytes('B')],
      ['a', bytes('A')],
      ['c', bytes('C')],
    ]);
    expect(kv.getMany(['c', 'missing', 'a', 'c'])).toEqual([
      ['a', bytes('A')],
      ['c', bytes('C')],
    ]);
    expect(kv.getMany([])).toEqual([]);
  });

  it('sets many in one transaction, a later duplicate winning', () => {
    const kv = store();
    kv.setMany([
      ['k', bytes('1')],
      ['k', bytes('2')],
    ]);
    expect(kv.get('k')).toEqual(bytes('2'));
    kv.setMany([]);
    expect(kv.keys()).toEqual(['k']);
  });

  it('rolls back set-many when one write fails', () => {
    const kv = store();
    const locker = raw();
    locker.prepare("CREATE TRIGGER no_bad BEFORE INSERT ON spin_key_value WHEN NEW.key = 'bad' BEGIN SELECT RAISE(ABORT, 'bad key'); END").run([]);
    locker.close();
    expect(() =>
      kv.setMany([
        ['good', bytes('1')],
        ['bad', bytes('2')],
      ]),
    ).toThrow('bad key');
    expect(kv.keys()).toEqual([]);
    kv.set('after', bytes('ok'));
    expect(kv.keys()).toEqual(['after']);
  });

  it('deletes many, ignoring missing keys', () => {
    const kv = store();
    for (const key of ['a', 'b', 'c']) kv.set(key, bytes(key));
    kv.deleteMany(['a', 'missing', 'c']);
    kv.deleteMany([]);
    expect(kv.keys()).toEqual(['b']);
  });

  it('matches a model under random operation sequences', () => {
    const key = fc.constantFrom<string>('a', 'b', 'c', '', 'é');
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), key, fc.uint8Array({ maxLength: 4 })),
      fc.tuple(fc.constant('delete' as const), key),
      fc.tuple(fc.constant('setMany' as const), fc.array(fc.tuple(key, fc.uint8Array({ maxLength: 4 })), { maxLength: 3 })),
      fc.tuple(fc.constant('deleteMany' as const), fc.array(key, { maxLength: 3 })),
    );
    const kv = store('model');
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(key, { maxLength: 4 }), (ops, wanted) => {
        kv.deleteMany(kv.keys());
        const model = new Map<string, Uint8Array>();
        for (const [name, a, b] of ops) {
          if (name === 'set') model.set(a, b as Uint8Array);
          if (name === 'delete') model.delete(a);
          if (name === 'setMany') for (const [k, v] of a) model.set(k, v);
          if (name === 'deleteMany') for (const k of a) model.delete(k);
          if (name === 'set') kv.set(a, b as Uint8Array);
          if (name === 'delete') kv.delete(a);
          if (name === 'setMany') kv.setMany(a);
          if (name === 'deleteMany') kv.deleteMany(a);
        }
        const sorted = [...model.keys()].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
        expect(kv.keys()).toEqual(sorted);
        expect(kv.getMany(wanted)).toEqual(sorted.filter((k) => wanted.includes(k)).map((k) => [k, model.get(k)]));
      }),
      { numRuns: 50 },
    );
  });
});

describe('for an inspector', () => {
  it('pages through keys with a prefix, after a key, with a more flag', () => {
    const kv = store();
    for (const key of ['user:1', 'user:2', 'user:3', 'user;', 'users', 'other']) kv.set(key, bytes(key));
    expect(kv.keyPage({ prefix: 'user:', limit: 2 })).toEqual({ keys: ['user:1', 'user:2'], more: true });
    expect(kv.keyPage({ prefix: 'user:', after: 'user:2', limit: 2 })).toEqual({ keys: ['user:3'], more: false });
    expect(kv.keyPage({ limit: 10 })).toEqual({ keys: ['other', 'user:1', 'user:2', 'user:3', 'user;', 'users'], more: false });
    expect(kv.keyPage({ after: 'user:3', limit: 1 })).toEqual({ keys: ['user;'], more: true });
    expect(kv.count()).toBe(6);
    expect(kv.count('user')).toBe(5);
    expect(kv.count('nope')).toBe(0);
  });

  it('finds prefixes ending in the highest code points', () => {
    const kv = store();
    for (const key of ['a\u{10ffff}', 'a\u{10ffff}x', 'a\u{d7ff}z', 'a\u{e000}', 'b']) kv.set(key, bytes(key));
    expect(kv.keyPage({ prefix: 'a\u{10ffff}', limit: 10 }).keys).toEqual(['a\u{10ffff}', 'a\u{10ffff}x']);
    expect(kv.keyPage({ prefix: 'a\u{d7ff}', limit: 10 }).keys).toEqual(['a\u{d7ff}z']);
    expect(kv.count('\u{10ffff}')).toBe(0);
  });
});

describe('rows Spin cannot read either', () => {
  it('reports a value stored as TEXT, naming the file, key and store', () => {
    store().set('fine', bytes('x'));
    const other = raw();
    other.prepare("INSERT INTO spin_key_value VALUES ('default', 'typed', 'plain text')").run([]);
    other.close();
    expect(() => store().get('typed')).toThrow(
      `${file}: store "default": the value of key "typed" is TEXT, not a BLOB (Spin cannot read it either)`,
    );
    expect(store().get('fine')).toEqual(bytes('x'));
  });
});

describe('file problems', () => {
  it('names the file when it is not a database', () => {
    writeFileSync(file, 'this is certainly not a SQLite database, it is a text file long enough to have a header');
    const error = thrown(StorageError, () => store());
    expect(error).toMatchObject({ file, sqliteCode: 'SQLITE_NOTADB', message: `${file}: file is not a database` });
  });

  it('names the file when its directory is missing, and creates no directory', () => {
    const missing = path.join(dir, 'absent', 'kv.db');
    expect(thrown(StorageError, () => store('default', missing))).toMatchObject({
      file: missing,
      sqliteCode: 'SQLITE_CANTOPEN',
      message: `${missing}: unable to open database file: directory ${path.dirname(missing)} does not exist`,
    });
    expect(existsSync(path.dirname(missing))).toBe(false);
  });

  it('reads a read-only file and names it when a write fails', (context) => {
    store().set('k', bytes('v'));
    for (const opened of open.splice(0)) opened.close();
    const restore = makeReadOnly(file);
    if (restore === undefined) return context.skip('cannot make a file read-only here');
    try {
      const kv = store();
      expect(kv.get('k')).toEqual(bytes('v'));
      expect(thrown(StorageError, () => kv.set('k', bytes('w')))).toMatchObject({
        file,
        message: `${file}: attempt to write a readonly database`,
      });
    } finally {
      for (const opened of open.splice(0)) opened.close();
      restore();
    }
  });

  it('names the file when a read-only directory keeps it from being created', (context) => {
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    const restore = makeReadOnly(locked);
    if (restore === undefined) return context.skip('cannot make a directory read-only here');
    const inside = path.join(locked, 'kv.db');
    try {
      const error = thrown(StorageError, () => store('default', inside));
      expect(error).toMatchObject({ file: inside, sqliteCode: expect.stringMatching(/^SQLITE_CANTOPEN/) });
      expect(error.message).toMatch(new RegExp(`^${escape(inside)}: unable to open database file`));
    } finally {
      restore();
    }
  });

  it('names the file when a read-only directory keeps an existing store from writing', (context) => {
    store().set('k', bytes('v'));
    for (const opened of open.splice(0)) opened.close();
    const restore = makeReadOnly(dir);
    if (restore === undefined) return context.skip('cannot make a directory read-only here');
    try {
      const kv = store();
      expect(kv.get('k')).toEqual(bytes('v'));
      const error = thrown(StorageError, () => kv.set('k', bytes('w')));
      expect(error).toMatchObject({ file, storeFailure: true });
      expect(error.message.startsWith(`${file}: `)).toBe(true);
    } finally {
      for (const opened of open.splice(0)) opened.close();
      restore();
    }
  });
});

describe('in memory', () => {
  it('keeps a private store per open', () => {
    const a = openKeyValueStore({ kind: 'memory' }, 'default');
    const b = openKeyValueStore({ kind: 'memory' }, 'default');
    a.set('k', bytes('v'));
    expect(a.get('k')).toEqual(bytes('v'));
    expect(b.get('k')).toBeUndefined();
    a.close();
    b.close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
