/**
 * The interface storage/ speaks to SQLite, and the rules every library behind it follows.
 * Two drivers implement it: better-sqlite3 (better-sqlite3-driver.ts) and Node's built-in
 * `node:sqlite` (node-sqlite-driver.ts); open-connection.ts picks one. Every call is
 * synchronous and works in any thread: each thread opens its own connections.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
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
  /** Closes the connection; SQLite rolls back a transaction left open. Closing twice is harmless. */
  close(): void;
}

/** A SQLite library behind {@link DriverConnection}. */
export interface SqliteDriver {
  readonly name: 'better-sqlite3' | 'node:sqlite';
  /** Why the library cannot run in this process, or `undefined` when it can. */
  unavailable(): string | undefined;
  /**
   * Opens a connection the way rusqlite opens one for Spin: read-write, creating the file
   * if missing (never its directory), {@link BUSY_TIMEOUT_MS} busy timeout, foreign keys
   * on (libsqlite3-sys builds with `SQLITE_DEFAULT_FOREIGN_KEYS=1`), defensive mode off.
   * SQLite reads the file only at the first statement, so a corrupt file fails there, as
   * in Spin.
   */
  open(location: StoreLocation): DriverConnection;
}

// rusqlite's `Connection::open` always sets a 5 s busy timeout (inner_connection.rs, `open_with_flags`).
/** The busy timeout of every connection, in milliseconds. */
export const BUSY_TIMEOUT_MS = 5000;

/** The file of `location`, or `undefined` in memory. */
export function fileOf(location: StoreLocation): string | undefined {
  return location.kind === 'file' ? location.path : undefined;
}

/**
 * Fails like SQLite's CANTOPEN, naming the directory, when `file`'s directory is missing.
 * Checked before opening, as better-sqlite3 itself does, so both drivers say the same.
 */
export function checkDirectory(file: string | undefined): void {
  if (file === undefined || existsSync(dirname(file))) return;
  throw new StorageError(`${file}: unable to open database file: directory ${dirname(file)} does not exist`, {
    file,
    sqliteCode: 'SQLITE_CANTOPEN',
  });
}

/** What a library reported for a SQLite failure: the result code's name and `sqlite3_errmsg`. */
export interface SqliteReport {
  readonly code: string;
  readonly message: string;
}

/** Runs a call into the library, translating its failures. */
export type Guard = <T>(body: () => T) => T;

/**
 * A {@link Guard} that turns a SQLite failure (what `report` recognises) into a
 * {@link StorageError} naming `file` when the file is the problem. Anything else the
 * library throws is a misuse by Spinscope (a bug), so it propagates as is.
 */
export function guarding(file: string | undefined, report: (error: unknown) => SqliteReport | undefined): Guard {
  return (body) => {
    try {
      return body();
    } catch (error) {
      const failure = report(error);
      if (failure !== undefined) throw sqliteFailure(failure.code, failure.message, file, error);
      throw error;
    }
  };
}

/** A library's prepared statement, each call binding `values` (index 1..n) the library's way. */
export interface LibraryStatement {
  /** Its result columns' names; none when it returns no rows. */
  readonly columns: readonly string[];
  all(values: readonly SqliteCell[]): SqliteCell[][];
  run(values: readonly SqliteCell[]): void;
  iterate(values: readonly SqliteCell[]): Iterator<unknown>;
}

/** The {@link DriverStatement} over `statement`, every call through `guarded`. */
export function driverStatement(statement: LibraryStatement, guarded: Guard): DriverStatement {
  const returnsRows = statement.columns.length > 0;
  return {
    returnsRows,
    columns: statement.columns,
    all: (values) => guarded(() => statement.all(values)),
    run: (values) => guarded(() => statement.run(values)),
    // rusqlite's `execute_batch` steps each statement once; stop a row-returning one there.
    step: (values) =>
      guarded(() => {
        if (!returnsRows) return statement.run(values);
        const rows = statement.iterate(values);
        rows.next();
        rows.return?.();
      }),
  };
}

/** The parameter names of `sql`'s one statement, for {@link DriverConnection.prepare}'s default. */
export function parametersOf(sql: string): readonly (string | undefined)[] {
  return firstStatement(sql)?.parameters ?? [];
}

/** Values to bind, split as both libraries take them: some indexes in order, the others by name. */
export interface Binding {
  /** The values of the indexes the library fills in order, in index order. */
  readonly positional: SqliteCell[];
  /** Each other index's name as SQLite gives it (`:id`, `@id`, `$id`, `?3`) and value, in index order. */
  readonly named: [string, SqliteCell][];
}

// Neither library binds by index: each fills some indexes in order from an argument list
// (`byPosition` says which) and the rest by name. Missing values bind NULL.
/** Splits `values` (index 1..n) over the statement's parameter `names`. */
export function bindingOf(
  names: readonly (string | undefined)[],
  values: readonly SqliteCell[],
  byPosition: (name: string) => boolean,
): Binding {
  const binding: Binding = { positional: [], named: [] };
  names.forEach((name, index) => {
    const value = values[index] ?? null;
    if (name === undefined || byPosition(name)) binding.positional.push(value);
    else binding.named.push([name, value]);
  });
  return binding;
}
