/**
 * The driver over Node's built-in `node:sqlite` (`DatabaseSync`), which needs no native
 * module of its own: what Electron's main process and its worker threads use. Node 20 has
 * no `node:sqlite`, so it is looked up at the first open, never imported.
 */
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
import { firstStatement } from './sql-statements.js';
import { resultCodeName } from './sqlite-result-codes.js';
import { StorageError } from './storage-error.js';

// The part of `node:sqlite` used here, as Node 24 documents it (@types/node is Node 20's).
interface NodeSqlite {
  readonly DatabaseSync: new (path: string, options: DatabaseSyncOptions) => DatabaseSync;
}

interface DatabaseSyncOptions {
  readonly timeout: number;
  readonly enableForeignKeyConstraints: boolean;
  readonly enableDoubleQuotedStringLiterals: boolean;
  readonly readBigInts: boolean;
  readonly returnArrays: boolean;
  readonly allowBareNamedParameters: boolean;
}

interface DatabaseSync {
  readonly isOpen: boolean;
  readonly isTransaction: boolean;
  enableDefensive(active: boolean): void;
  prepare(sql: string): StatementSync;
  close(): void;
}

type Row = SqliteCell[];

interface StatementSync {
  /** The text SQLite prepared: the given SQL up to the end of its first statement. */
  readonly sourceSQL: string;
  columns(): { readonly name: string }[];
  all(named: Record<string, SqliteCell>, ...unnamed: SqliteCell[]): Row[];
  run(named: Record<string, SqliteCell>, ...unnamed: SqliteCell[]): unknown;
  iterate(named: Record<string, SqliteCell>, ...unnamed: SqliteCell[]): IterableIterator<Row>;
}

// `enableDefensive` (Node 24.12) is the newest API used here; it implies the others.
const NEEDED = 'Node 24.12 or later';

function nodeSqlite(): NodeSqlite | undefined {
  const found = process.getBuiltinModule('node:sqlite') as NodeSqlite | undefined;
  const prototype = (found?.DatabaseSync as { prototype?: Partial<DatabaseSync> } | undefined)?.prototype;
  return typeof prototype?.enableDefensive === 'function' ? found : undefined;
}

const MISSING = `Node ${process.version} has no node:sqlite with the API Spinscope uses (${NEEDED})`;

/** Node's `node:sqlite`, when this Node has it. */
export const nodeSqliteDriver: SqliteDriver = {
  name: 'node:sqlite',
  unavailable() {
    return nodeSqlite() === undefined ? MISSING : undefined;
  },
  open(location) {
    const sqlite = nodeSqlite();
    if (sqlite === undefined) throw new StorageError(`cannot open a database with node:sqlite: ${MISSING}`, { file: fileOf(location) });
    const file = fileOf(location);
    checkDirectory(file);
    const guarded = guarding(file, report);
    const db = guarded(() => {
      const opened = new sqlite.DatabaseSync(file ?? ':memory:', {
        timeout: BUSY_TIMEOUT_MS,
        enableForeignKeyConstraints: true,
        // better-sqlite3 builds SQLite with SQLITE_DQS=0; the same here.
        enableDoubleQuotedStringLiterals: false,
        readBigInts: true,
        returnArrays: true,
        // Otherwise `:id` and `@id` in one statement refuse to bind ("conflicting names").
        allowBareNamedParameters: false,
      });
      // node:sqlite turns on SQLITE_DBCONFIG_DEFENSIVE; rusqlite leaves it off.
      opened.enableDefensive(false);
      return opened;
    });
    const connection: DriverConnection = {
      prepare: (sql, parameters = parametersOf(sql)) => driverStatement(guarded(() => adapt(prepareOne(db, sql), parameters)), guarded),
      get inTransaction() {
        return db.isTransaction;
      },
      close: () => {
        if (db.isOpen) db.close();
      },
    };
    return connection;
  },
};

// SQLite failures carry `errcode`, the extended result code (node_sqlite.cc, `CreateSQLiteError`).
function report(error: unknown): SqliteReport | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'ERR_SQLITE_ERROR') return undefined;
  const { errcode } = error as { errcode?: unknown };
  return typeof errcode === 'number' ? { code: resultCodeName(errcode), message: error.message } : undefined;
}

// node:sqlite prepares the first statement and ignores the rest; better-sqlite3 refuses
// a tail that holds another statement. Refuse it here too, so a string that is not one
// statement (a bug in Spinscope's splitting) fails with either library.
function prepareOne(db: DatabaseSync, sql: string): StatementSync {
  const statement = db.prepare(sql);
  if (firstStatement(sql.slice(statement.sourceSQL.length)) !== undefined) {
    throw new RangeError('The supplied SQL string contains more than one statement');
  }
  return statement;
}

function adapt(statement: StatementSync, names: readonly (string | undefined)[]): LibraryStatement {
  return {
    columns: statement.columns().map((column) => column.name),
    all: (values) => statement.all(...bindArguments(names, values)),
    run: (values) => void statement.run(...bindArguments(names, values)),
    iterate: (values) => statement.iterate(...bindArguments(names, values)),
  };
}

// node:sqlite takes named values from an object keyed by the full name (`:id`, `@id` and
// `$id` are three parameters), then fills the other indexes in order: the unnamed ones and
// the `?NNN` ones (nodejs/node#59350, older than the Node 24.12 this driver needs).
function bindArguments(names: readonly (string | undefined)[], values: readonly SqliteCell[]): [Record<string, SqliteCell>, ...SqliteCell[]] {
  const { positional, named } = bindingOf(names, values, (name) => name.startsWith('?'));
  return [Object.fromEntries(named), ...positional];
}
