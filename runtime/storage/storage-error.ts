import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * A key-value store or SQLite database operation failed. It is a host `StoreFailure`
 * (`storeFailure: true`): its message is what the guest's `other(...)` / `io(...)`
 * carries. Problems with the file itself (cannot open, not a database, read-only, I/O)
 * name the file: `/app/.spin/sqlite_key_value.db: file is not a database`.
 */
export class StorageError extends SpinscopeError {
  readonly code = 'SPINSCOPE_STORAGE';
  readonly storeFailure = true;
  /** The database file, absent for an in-memory database. */
  readonly file?: string;
  /** SQLite's (extended) result code name, e.g. `SQLITE_NOTADB`, when SQLite reported the failure. */
  readonly sqliteCode?: string;

  constructor(message: string, options: { file?: string | undefined; sqliteCode?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    if (options.file !== undefined) this.file = options.file;
    if (options.sqliteCode !== undefined) this.sqliteCode = options.sqliteCode;
  }

  protected override fields(): Record<string, unknown> {
    return { file: this.file, sqliteCode: this.sqliteCode };
  }
}

// Result codes about the file rather than the statement: the message names the file.
const FILE_PROBLEM = /^SQLITE_(CANTOPEN|NOTADB|CORRUPT|READONLY|IOERR|FULL|PERM)(_|$)/;

/** A {@link StorageError} for a failure SQLite reported with `sqliteCode` and `message`. */
export function sqliteFailure(sqliteCode: string, message: string, file: string | undefined, cause?: unknown): StorageError {
  const text = file !== undefined && FILE_PROBLEM.test(sqliteCode) ? `${file}: ${message}` : message;
  return new StorageError(text, { file, sqliteCode, cause });
}
