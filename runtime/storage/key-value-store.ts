/**
 * One label's key-value store, in the file format of Spin's `spin` store type
 * (crates/key-value-spin/src/store.rs): a `spin_key_value` table whose rows carry the
 * label in `store`, the key as TEXT and the value as a BLOB. A file Spin wrote opens
 * here and the other way round.
 */
import { openConnection } from './open-connection.js';
import type { DriverConnection, DriverStatement, SqliteCell } from './sqlite-driver.js';
import { StorageError } from './storage-error.js';
import type { StoreLocation } from './store-location.js';

// Byte for byte Spin's DDL (`KeyValueSqlite::create_connection`), so `sqlite_master.sql` matches.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS spin_key_value (
                           store TEXT NOT NULL,
                           key   TEXT NOT NULL,
                           value BLOB NOT NULL,

                           PRIMARY KEY (store, key)
                        )`;

// Spin's statements (`impl Store for SqliteStore`), verbatim except for the ORDER BYs.
const GET = 'SELECT value FROM spin_key_value WHERE store=$1 AND key=$2';
const SET = `INSERT INTO spin_key_value (store, key, value) VALUES ($1, $2, $3)
                     ON CONFLICT(store, key) DO UPDATE SET value=$3`;
const DELETE = 'DELETE FROM spin_key_value WHERE store=$1 AND key=$2';
// Spin's `get_keys` has no ORDER BY but walks the primary-key index, so keys come back ascending.
const KEYS = 'SELECT key FROM spin_key_value WHERE store=$1 ORDER BY key';
// Spin's `IN rarray(:keys)` (rusqlite's array module) is a list subquery: sorted, deduplicated,
// missing keys left out. json_each gives the same set without the extension.
const GET_MANY = 'SELECT key, value FROM spin_key_value WHERE store=:name AND key IN (SELECT value FROM json_each(:keys)) ORDER BY key';
const DELETE_MANY = 'DELETE FROM spin_key_value WHERE store=:name AND key IN (SELECT value FROM json_each(:keys))';
const SWAP = 'UPDATE spin_key_value SET value=:new_value WHERE store=:name and key=:key and value=:old_value';

/** A page of keys for an inspector. */
export interface KeyPage {
  /** Ascending. */
  readonly keys: string[];
  /** Whether more keys follow the last one. */
  readonly more: boolean;
}

/** Which keys {@link KeyValueStore.keyPage} returns. */
export interface KeyPageQuery {
  /** Only keys starting with this. */
  readonly prefix?: string;
  /** Only keys after this one (the last key of the previous page). */
  readonly after?: string;
  readonly limit: number;
}

/**
 * Opens the store `label` at `location`, creating the table if needed (Spin's
 * `StoreManager::get`). Throws a {@link StorageError} naming the file when it cannot be
 * opened or is not a database. Each thread opens its own; SQLite's locks and the busy
 * timeout keep them consistent.
 */
export function openKeyValueStore(location: StoreLocation, label: string): KeyValueStore {
  const connection = openConnection(location);
  try {
    connection.prepare(CREATE_TABLE).run([]);
  } catch (error) {
    connection.close();
    throw error;
  }
  return new KeyValueStore(connection, location, label);
}

/**
 * A key-value store with the semantics of Spin's `SqliteStore` for every operation of
 * `fermyon:spin/key-value`, `spin:key-value` and `wasi:keyvalue`, plus paging and counting
 * for an inspector. Every method throws a {@link StorageError} when SQLite fails.
 */
export class KeyValueStore {
  readonly #connection: DriverConnection;
  readonly #statements = new Map<string, DriverStatement>();
  readonly #file: string | undefined;

  /** Use {@link openKeyValueStore}. */
  constructor(
    connection: DriverConnection,
    readonly location: StoreLocation,
    readonly label: string,
  ) {
    this.#connection = connection;
    this.#file = location.kind === 'file' ? location.path : undefined;
  }

  /** The value at `key`, or `undefined` when there is none. */
  get(key: string): Uint8Array | undefined {
    const row = this.#query(GET, [this.label, key])[0];
    return row === undefined ? undefined : this.#value(row[0], key);
  }

  /** Inserts or replaces the value at `key`. */
  set(key: string, value: Uint8Array): void {
    this.#run(SET, [this.label, key, value]);
  }

  /** Deleting a missing key is not an error. */
  delete(key: string): void {
    this.#run(DELETE, [this.label, key]);
  }

  /** Whether `key` has a value; like Spin's (`get(..).is_some()`) it reads the value. */
  exists(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Every key, ascending by byte order. */
  keys(): string[] {
    return this.#query(KEYS, [this.label]).map((row) => this.#key(row[0]));
  }

  /**
   * Adds `delta` to the 8-byte little-endian integer at `key` (a missing key counts as 0)
   * in one transaction and returns the sum, wrapping on overflow as Spin's release build
   * does. A value of another length is an error (Spin panics there).
   */
  increment(key: string, delta: bigint): bigint {
    return this.#transaction(() => {
      const row = this.#query(GET, [this.label, key])[0];
      const current = row === undefined ? 0n : this.#counter(this.#value(row[0], key), key);
      const sum = BigInt.asIntN(64, current + delta);
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigInt64(0, sum, true);
      this.#run(SET, [this.label, key, bytes]);
      return sum;
    });
  }

  /**
   * Sets `key` to `value` if its value still equals `expected` (by value, as Spin compares:
   * no ABA detection, and a deleted key fails). `expected === undefined` sets it
   * unconditionally and always succeeds, as Spin's swap does when `current()` saw no value.
   */
  swap(key: string, expected: Uint8Array | undefined, value: Uint8Array): boolean {
    if (expected === undefined) {
      this.#transaction(() => this.#run(SET, [this.label, key, value]));
      return true;
    }
    this.#run(SWAP, [value, this.label, key, expected]);
    return this.#changes() === 1n;
  }

  /** The keys among `keys` that exist, with their values: ascending, deduplicated, missing ones left out. */
  getMany(keys: readonly string[]): [string, Uint8Array][] {
    if (keys.length === 0) return [];
    return this.#query(GET_MANY, [this.label, JSON.stringify(keys)]).map((row) => {
      const key = this.#key(row[0]);
      return [key, this.#value(row[1], key)];
    });
  }

  /** Sets every pair in one transaction; a later duplicate key wins. */
  setMany(pairs: readonly (readonly [string, Uint8Array])[]): void {
    if (pairs.length === 0) return;
    this.#transaction(() => {
      for (const [key, value] of pairs) this.#run(SET, [this.label, key, value]);
    });
  }

  deleteMany(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.#run(DELETE_MANY, [this.label, JSON.stringify(keys)]);
  }

  /** Up to `limit` keys, ascending, that start with `prefix` and come after `after`. */
  keyPage(query: KeyPageQuery): KeyPage {
    const range = keyRange(query.prefix ?? '');
    const sql = `SELECT key FROM spin_key_value WHERE store = ? AND key >= ?${query.after === undefined ? '' : ' AND key > ?'}${range.end === undefined ? '' : ' AND key < ?'} ORDER BY key LIMIT ?`;
    const values: SqliteCell[] = [this.label, range.start];
    if (query.after !== undefined) values.push(query.after);
    if (range.end !== undefined) values.push(range.end);
    const keys = this.#query(sql, [...values, BigInt(query.limit + 1)]).map((row) => this.#key(row[0]));
    return { keys: keys.slice(0, query.limit), more: keys.length > query.limit };
  }

  /** How many keys the store holds, or how many start with `prefix`. */
  count(prefix = ''): number {
    const range = keyRange(prefix);
    const sql = `SELECT count(*) FROM spin_key_value WHERE store = ? AND key >= ?${range.end === undefined ? '' : ' AND key < ?'}`;
    const values: SqliteCell[] = range.end === undefined ? [this.label, range.start] : [this.label, range.start, range.end];
    return Number(this.#query(sql, values)[0]?.[0] ?? 0);
  }

  /** Closes this thread's connection to the file. */
  close(): void {
    this.#connection.close();
  }

  #statement(sql: string): DriverStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#connection.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #query(sql: string, values: readonly SqliteCell[]): SqliteCell[][] {
    return this.#statement(sql).all(values);
  }

  #run(sql: string, values: readonly SqliteCell[]): void {
    this.#statement(sql).run(values);
  }

  #changes(): bigint {
    return this.#query('SELECT changes()', [])[0]?.[0] as bigint;
  }

  // Spin's transactions are DEFERRED, but it runs them under one process-wide mutex per label.
  // Here each thread has its own connection, so take the write lock up front: two deferred
  // transactions that both read and then write would deadlock (SQLITE_BUSY without waiting).
  #transaction<T>(body: () => T): T {
    this.#run('BEGIN IMMEDIATE', []);
    try {
      const result = body();
      this.#run('COMMIT', []);
      return result;
    } catch (error) {
      if (this.#connection.inTransaction) this.#run('ROLLBACK', []);
      throw error;
    }
  }

  // rusqlite reads the value as `Vec<u8>`, which only a BLOB converts to: a value written as
  // TEXT (say, with the sqlite3 shell) fails in Spin with `InvalidColumnType`, and here too.
  #value(cell: SqliteCell | undefined, key: string): Uint8Array {
    if (cell instanceof Uint8Array) return cell;
    throw this.#badRow(`the value of key ${JSON.stringify(key)} is ${storageClass(cell)}, not a BLOB (Spin cannot read it either)`);
  }

  #key(cell: SqliteCell | undefined): string {
    if (typeof cell === 'string') return cell;
    throw this.#badRow(`a key is ${storageClass(cell)}, not TEXT (Spin cannot read it either)`);
  }

  #counter(value: Uint8Array, key: string): bigint {
    if (value.length !== 8) {
      throw new StorageError(
        `cannot increment key ${JSON.stringify(key)} in store ${JSON.stringify(this.label)}: its value is ${value.length} bytes, not the 8-byte little-endian integer increment stores`,
        { file: this.#file },
      );
    }
    return new DataView(value.buffer, value.byteOffset, 8).getBigInt64(0, true);
  }

  #badRow(detail: string): StorageError {
    const where = this.#file === undefined ? '' : `${this.#file}: `;
    return new StorageError(`${where}store ${JSON.stringify(this.label)}: ${detail}`, { file: this.#file });
  }
}

function storageClass(cell: SqliteCell | undefined): string {
  if (typeof cell === 'string') return 'TEXT';
  if (typeof cell === 'bigint') return 'an INTEGER';
  if (typeof cell === 'number') return 'a REAL';
  if (cell === null || cell === undefined) return 'NULL';
  return 'a BLOB';
}

// Keys starting with `prefix` are those from `prefix` up to (not including) the prefix with
// its last code point raised by one: SQLite's BINARY collation compares UTF-8 bytes, and
// UTF-8 byte order is code point order.
function keyRange(prefix: string): { start: string; end?: string } {
  const points = [...prefix].map((char) => char.codePointAt(0) as number);
  while (points.length > 0) {
    const last = points.pop() as number;
    if (last < 0x10ffff) return { start: prefix, end: String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1) };
  }
  return { start: prefix };
}
