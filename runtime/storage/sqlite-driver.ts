/**
 * The one module that knows the SQLite library (better-sqlite3). Everything else in
 * storage/ speaks {@link DriverConnection}, so the library can be swapped (for
 * `node:sqlite` inside Electron, say) by rewriting this file alone. Every call is
 * synchronous and works in any thread: each thread opens its own connections.
 */
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { firstStatement } from './sql-statements.js';
import { sqliteFailure, StorageError } from './storage-error.js';
import type { StoreLocation } from './store-location.js';

/** A SQLite value by storage class: INTEGER, REAL, TEXT, BLOB or NULL. */
export type SqliteCell = bigint | number | string | Uint8Array | null;

/** One prepared statement. Every method throws a {@link StorageError} when SQLite fails. */
export interface DriverStatement {
  /** Whether it has result columns (a SELECT, a PRAGMA that answers, `RETURNING`). */
  readonly returnsRows: boolean;
  /** The result columns' names as `sqlite3_column_name` gives them, duplicates kept. */
  readonly columns: readonly string[];
  /** Binds `values` to indexes 1..n, runs to completion and returns every row. */
  all(values: readonly SqliteCell[]): SqliteCell[][];
  /** Binds `values` to indexes 1..n and runs to completion. */
  run(values: readonly SqliteCell[]): void;
  /** Binds `values` and takes a single step, as rusqlite's `execute_batch` does. */
  step(values: readonly SqliteCell[]): void;
}

/** One connection. */
export interface DriverConnection {
  /**
   * Prepares `sql`, which must hold exactly one statement, whose parameters are
   * `parameters` by index (`SqlStatement.parameters`; computed from `sql` when omitted).
   */
  prepare(sql: string, parameters?: readonly (string | undefined)[]): DriverStatement;
  /** Whether a transaction is open (`sqlite3_get_autocommit` is false). */
  readonly inTransaction: boolean;
  /** Closes the connection; SQLite rolls back a transaction left open. */
  close(): void;
}

// rusqlite's `Connection::open` always sets a 5 s busy timeout (inner_connection.rs, `open_with_flags`).
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a connection the way rusqlite opens one for Spin: read-write, creating the file
 * if missing (never its directory), 5 s busy timeout, foreign keys on (libsqlite3-sys
 * builds with `SQLITE_DEFAULT_FOREIGN_KEYS=1`). SQLite reads the file only at the first
 * statement, so a corrupt file fails there, as in Spin.
 */
export function openConnection(location: StoreLocation): DriverConnection {
  const file = location.kind === 'file' ? location.path : undefined;
  const db = guard(file, () => {
    const opened = new BetterSqlite3(file ?? ':memory:', { timeout: BUSY_TIMEOUT_MS });
    // better-sqlite3 turns on SQLITE_DBCONFIG_DEFENSIVE; rusqlite leaves it off.
    opened.unsafeMode(true);
    opened.pragma('foreign_keys = ON');
    return opened;
  });
  return {
    prepare: (sql, parameters = firstStatement(sql)?.parameters ?? []) => guard(file, () => wrapStatement(db.prepare(sql), parameters, file)),
    get inTransaction() {
      return db.inTransaction;
    },
    close: () => db.close(),
  };
}

function wrapStatement(statement: BetterSqlite3.Statement<unknown[]>, names: readonly (string | undefined)[], file: string | undefined): DriverStatement {
  const returnsRows = statement.reader;
  statement.safeIntegers(true);
  if (returnsRows) statement.raw(true);
  return {
    returnsRows,
    columns: returnsRows ? statement.columns().map((column) => column.name) : [],
    all: (values) => guard(file, () => (statement.all(...bindArguments(names, values)) as unknown[][]).map((row) => row.map(toCell))),
    run: (values) => guard(file, () => void statement.run(...bindArguments(names, values))),
    step: (values) =>
      guard(file, () => {
        if (!returnsRows) return void statement.run(...bindArguments(names, values));
        const rows = statement.iterate(...bindArguments(names, values));
        rows.next();
        rows.return?.();
      }),
  };
}

// better-sqlite3 binds an array to the unnamed indexes in order and a plain object to the
// named ones by name without its prefix (`:id` and `@id` both read `id`). A name used with
// two prefixes gets a getter that hands out the values in index order, the order
// better-sqlite3 reads them in (its `BindObject` walks the indexes upwards).
function bindArguments(names: readonly (string | undefined)[], values: readonly SqliteCell[]): unknown[] {
  const unnamed: SqliteCell[] = [];
  const named = new Map<string, SqliteCell[]>();
  names.forEach((name, index) => {
    const value = values[index] ?? null;
    if (name === undefined) unnamed.push(value);
    else named.set(name.slice(1), [...(named.get(name.slice(1)) ?? []), value]);
  });
  if (named.size === 0) return [unnamed];
  const object: Record<string, unknown> = Object.create(null);
  for (const [key, queue] of named) {
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

// SQLite failures become StorageErrors; anything else better-sqlite3 throws is a misuse
// by Spinscope (a bug), so it propagates as is.
function guard<T>(file: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BetterSqlite3.SqliteError) throw sqliteFailure(error.code, error.message, file, error);
    // better-sqlite3 checks the directory itself before SQLite would fail with CANTOPEN.
    if (error instanceof TypeError && file !== undefined && /directory does not exist/.test(error.message)) {
      throw new StorageError(`${file}: unable to open database file: directory ${dirname(file)} does not exist`, {
        file,
        sqliteCode: 'SQLITE_CANTOPEN',
        cause: error,
      });
    }
    throw error;
  }
}
