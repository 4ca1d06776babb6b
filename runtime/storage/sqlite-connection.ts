/**
 * One connection to one SQLite database, what a guest's `open` gets: Spin's
 * `InProcConnection` (crates/sqlite-inproc/src/lib.rs). Each object has its own SQLite
 * connection, opened at the first call that needs it; an in-memory location gives every
 * object a fresh private database.
 */
import { openConnection } from './open-connection.js';
import { type DriverConnection, fileOf, type SqliteCell } from './sqlite-driver.js';
import { firstStatement, splitStatements, type SqlStatement } from './sql-statements.js';
import { StorageError } from './storage-error.js';
import type { StoreLocation } from './store-location.js';

/** A value of Spin's SQLite `value` variant (the host's `SqlValue`). */
export type SqlValue =
  | { tag: 'integer'; val: bigint }
  | { tag: 'real'; val: number }
  | { tag: 'text'; val: string }
  | { tag: 'blob'; val: Uint8Array }
  | { tag: 'null' };

/** What a statement returned (the host's `SqlResult`). */
export interface SqlResult {
  columns: string[];
  rows: SqlValue[][];
}

/** How a database may be used, from its `[sqlite_database.<label>]` table. */
export interface SqliteOptions {
  /** `allow_attach_file`: whether `ATTACH` may name a file (`''` and `:memory:` always may). */
  readonly allowAttachFile?: boolean;
}

/** A connection with Spin's semantics; every method throws a {@link StorageError} when SQLite fails. */
export class SqliteConnection {
  #connection: DriverConnection | undefined;
  #closed = false;
  readonly #allowAttachFile: boolean;

  constructor(
    readonly location: StoreLocation,
    options: SqliteOptions = {},
  ) {
    this.#allowAttachFile = options.allowAttachFile ?? false;
  }

  /**
   * Runs the first statement of `statement` (Spin ignores the rest) with `parameters`
   * bound to indexes 1..n whatever the placeholder style. Rows hold each value by its
   * storage class; `columns` is filled even when no row matches.
   */
  execute(statement: string, parameters: readonly SqlValue[]): SqlResult {
    const connection = this.#open();
    const first = firstStatement(statement);
    if (first === undefined) {
      // rusqlite prepares a NULL statement, binds (so the count check still applies), and
      // stepping NULL is SQLITE_MISUSE, reported with `sqlite3_errstr`'s text.
      checkParameterCount(0, parameters.length);
      throw new StorageError('bad parameter or other API misuse', { sqliteCode: 'SQLITE_MISUSE' });
    }
    const prepared = connection.prepare(first.text, first.parameters);
    this.#authorize(first);
    checkParameterCount(first.parameters.length, parameters.length);
    const values = parameters.map(toCell);
    if (!prepared.returnsRows) {
      prepared.run(values);
      return { columns: [], rows: [] };
    }
    return { columns: [...prepared.columns], rows: prepared.all(values).map((row) => row.map(toValue)) };
  }

  /**
   * Runs every statement of `sql` as rusqlite's `execute_batch` does (`spin up --sqlite
   * @file`): each one prepared and stepped once, parameters left NULL.
   */
  executeBatch(sql: string): void {
    const connection = this.#open();
    for (const statement of splitStatements(sql)) {
      const prepared = connection.prepare(statement.text, statement.parameters);
      this.#authorize(statement);
      prepared.step(statement.parameters.map(() => null));
    }
  }

  /** `sqlite3_last_insert_rowid` of this connection (0 before any INSERT). */
  lastInsertRowid(): bigint {
    return this.#open().prepare('SELECT last_insert_rowid()').all([])[0]?.[0] as bigint;
  }

  /** `sqlite3_changes64`: rows changed by the last INSERT, UPDATE or DELETE on this connection. */
  changes(): bigint {
    return this.#open().prepare('SELECT changes()').all([])[0]?.[0] as bigint;
  }

  /** Closes the connection; SQLite rolls back a transaction left open, as when Spin drops it. */
  close(): void {
    this.#closed = true;
    this.#connection?.close();
    this.#connection = undefined;
  }

  // Like Spin's `db_connection`: opened at first use, and tried again next time if that failed.
  #open(): DriverConnection {
    if (this.#closed) throw new StorageError('the connection is closed', { file: fileOf(this.location) });
    this.#connection ??= openConnection(this.location);
    return this.#connection;
  }

  // Spin's authorizer denies ATTACH of a file unless `allow_attach_file` (SQLITE_AUTH at prepare).
  #authorize(statement: SqlStatement): void {
    const file = statement.attachFile;
    if (this.#allowAttachFile || file === undefined || file === '' || file === ':memory:') return;
    throw new StorageError('not authorized', { file: fileOf(this.location), sqliteCode: 'SQLITE_AUTH' });
  }
}

// rusqlite's `bind_parameters`: it counts the values it was given up to one past the
// statement's count, then fails unless the two agree.
function checkParameterCount(needed: number, given: number): void {
  const got = Math.min(given, needed + 1);
  if (got !== needed) throw new StorageError(`Wrong number of parameters passed to query. Got ${got}, needed ${needed}`);
}

function toCell(value: SqlValue): SqliteCell {
  return value.tag === 'null' ? null : value.val;
}

function toValue(cell: SqliteCell): SqlValue {
  if (cell === null) return { tag: 'null' };
  if (typeof cell === 'bigint') return { tag: 'integer', val: cell };
  if (typeof cell === 'number') return { tag: 'real', val: cell };
  if (typeof cell === 'string') return { tag: 'text', val: cell };
  return { tag: 'blob', val: cell };
}
