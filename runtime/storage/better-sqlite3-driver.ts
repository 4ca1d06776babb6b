/**
 * The driver over better-sqlite3, a native module built for the Node that ran
 * `npm install`. It is loaded at the first open, not at import, so a process that uses
 * `node:sqlite` instead (Electron, whose Node has another ABI) never loads it.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import {
  BUSY_TIMEOUT_MS,
  bindingOf,
  checkDirectory,
  type DriverConnection,
  driverStatement,
  fileOf,
  guarding,
  type LibraryStatement,
  parametersOf,
  type SqliteCell,
  type SqliteDriver,
  type SqliteReport,
} from './sqlite-driver.js';

type Library = typeof BetterSqlite3;

let library: Library | undefined;
let probed: { readonly why: string | undefined } | undefined;

function load(): Library {
  library ??= createRequire(import.meta.url)('better-sqlite3') as Library;
  return library;
}

// better-sqlite3 loads its native addon at the first `new Database`, and a failed load
// cannot be retried ("Module did not self-register"): try once, and remember.
function probe(): string | undefined {
  if (probed === undefined) {
    try {
      new (load())(':memory:').close();
      probed = { why: undefined };
    } catch (error) {
      probed = { why: error instanceof Error ? error.message : String(error) };
    }
  }
  return probed.why;
}

/** better-sqlite3, loaded on first use. */
export const betterSqlite3Driver: SqliteDriver = {
  name: 'better-sqlite3',
  unavailable: probe,
  open(location) {
    const Database = load();
    const file = fileOf(location);
    checkDirectory(file);
    const guarded = guarding(file, reporter(Database));
    const db = guarded(() => {
      const opened = new Database(file ?? ':memory:', { timeout: BUSY_TIMEOUT_MS });
      // better-sqlite3 turns on SQLITE_DBCONFIG_DEFENSIVE; rusqlite leaves it off.
      opened.unsafeMode(true);
      opened.pragma('foreign_keys = ON');
      return opened;
    });
    const connection: DriverConnection = {
      prepare: (sql, parameters = parametersOf(sql)) => driverStatement(guarded(() => adapt(db.prepare(sql), parameters)), guarded),
      get inTransaction() {
        return db.inTransaction;
      },
      close: () => db.close(),
    };
    return connection;
  },
};

function reporter(Database: Library): (error: unknown) => SqliteReport | undefined {
  return (error) => (error instanceof Database.SqliteError ? { code: error.code, message: error.message } : undefined);
}

function adapt(statement: BetterSqlite3.Statement<unknown[]>, names: readonly (string | undefined)[]): LibraryStatement {
  const returnsRows = statement.reader;
  statement.safeIntegers(true);
  if (returnsRows) statement.raw(true);
  return {
    columns: returnsRows ? statement.columns().map((column) => column.name) : [],
    all: (values) => (statement.all(...bindArguments(names, values)) as unknown[][]).map((row) => row.map(toCell)),
    run: (values) => void statement.run(...bindArguments(names, values)),
    iterate: (values) => statement.iterate(...bindArguments(names, values)),
  };
}

// better-sqlite3 fills the unnamed indexes from an array, and takes every named one (`?3`
// too) from a plain object keyed by the name without its prefix (`:id` and `@id` both read
// `id`). A name used with two prefixes gets a getter that hands out the values in index
// order, the order better-sqlite3 reads them in (its `BindObject` walks the indexes upwards).
function bindArguments(names: readonly (string | undefined)[], values: readonly SqliteCell[]): unknown[] {
  const { positional: unnamed, named } = bindingOf(names, values, () => false);
  if (named.length === 0) return [unnamed];
  const queues = new Map<string, SqliteCell[]>();
  for (const [name, value] of named) queues.set(name.slice(1), [...(queues.get(name.slice(1)) ?? []), value]);
  const object: Record<string, unknown> = Object.create(null);
  for (const [key, queue] of queues) {
    if (queue.length === 1) object[key] = queue[0];
    else Object.defineProperty(object, key, { enumerable: true, get: () => queue.shift() });
  }
  return [unnamed, object];
}

// A BLOB arrives as a Buffer; hand out a plain Uint8Array over the same bytes.
function toCell(value: unknown): SqliteCell {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return value as SqliteCell;
}
