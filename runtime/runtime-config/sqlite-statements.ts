/**
 * `spin up --sqlite <statement | @file[:label]>` (crates/trigger/src/cli/sqlite_statements.rs):
 * statements, such as migrations, run once before the app serves.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SpinscopeError, UsageError } from '../errors/spinscope-error.js';
import { SqliteConnection } from '../storage/sqlite-connection.js';
import type { SqliteDatabaseSpec, StoreLayout } from './store-layout.js';

/** One `--sqlite` argument. */
export type SqliteStatementArg =
  | { readonly kind: 'statement'; readonly sql: string }
  | {
      readonly kind: 'file';
      /** As written, relative to the working directory. */
      readonly file: string;
      readonly label: string;
      /** The text after `@`, trimmed, as messages quote it. */
      readonly config: string;
    };

/** A `--sqlite` statement failed; Spin then exits before serving. */
export class SqliteStatementError extends SpinscopeError {
  readonly code = 'SPINSCOPE_SQLITE_STATEMENT';

  constructor(
    message: string,
    /** The `--sqlite` argument as given. */
    readonly argument: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }

  protected override fields(): Record<string, unknown> {
    return { argument: this.argument };
  }
}

/**
 * Parses `--sqlite` arguments as Spin does: `@file` or `@file:label` (split at the first
 * `:`, `default` without one) names a file of statements, anything else is a statement
 * for the `default` database. A malformed `@` argument is a {@link UsageError} with
 * Spin's message (`parse_file_and_label`).
 */
export function parseSqliteStatementArgs(args: readonly string[]): SqliteStatementArg[] {
  return args.map((arg) => {
    if (!arg.startsWith('@')) return { kind: 'statement', sql: arg };
    const config = arg.slice(1).trim();
    if (config === '') throw new UsageError(`database configuration is empty in the '@${config}' sqlite statement`);
    const colon = config.indexOf(':');
    if (colon < 0) return { kind: 'file', file: config, label: 'default', config };
    const file = config.slice(0, colon).trim();
    const label = config.slice(colon + 1).trim();
    if (label === '') throw new UsageError(`database label is empty in the '@${config}' sqlite statement`);
    if (file === '') throw new UsageError(`file path is empty in the '@${config}' sqlite statement`);
    return { kind: 'file', file, label, config };
  });
}

/**
 * Runs the statements in order, each on a fresh connection as Spin does: a plain statement
 * runs its first statement only against `default` (as a guest's `execute` would), a file
 * runs every statement it holds against its label. Throws a {@link SqliteStatementError}
 * worded like Spin's at the first failure. Against an in-memory `default` a plain
 * statement's effect is lost, as in Spin: every open gets a fresh database.
 */
export async function runSqliteStatements(layout: StoreLayout, statements: readonly SqliteStatementArg[], cwd = process.cwd()): Promise<void> {
  for (const statement of statements) {
    if (statement.kind === 'statement') {
      const database = databaseFor(layout, 'default', statement.sql);
      run(database, (connection) => connection.execute(statement.sql, []), (error) =>
        failure(`failed to execute following sql statement against default database: '${statement.sql}'`, statement.sql, error),
      );
      continue;
    }
    const argument = `@${statement.config}`;
    const database = databaseFor(layout, statement.label, argument);
    let sql: string;
    try {
      sql = await readFile(path.resolve(cwd, statement.file), 'utf8');
    } catch (error) {
      throw failure(`could not read file '${statement.file}' containing sql statements`, argument, error);
    }
    run(database, (connection) => connection.executeBatch(sql), (error) =>
      failure(`failed to execute sql against database '${statement.label}' from file '${statement.file}'`, argument, error),
    );
  }
}

function databaseFor(layout: StoreLayout, label: string, argument: string): SqliteDatabaseSpec {
  const database = layout.sqliteDatabases.get(label);
  if (database !== undefined) return database;
  throw new SqliteStatementError(`based on the '${argument}' a registered database named '${label}' was expected but not found.`, argument);
}

function run(database: SqliteDatabaseSpec, statements: (connection: SqliteConnection) => void, fail: (error: unknown) => Error): void {
  const connection = new SqliteConnection(database.location, { allowAttachFile: database.allowAttachFile });
  try {
    statements(connection);
  } catch (error) {
    throw fail(error);
  } finally {
    connection.close();
  }
}

// Spin prints the anyhow chain on separate lines; one message carries it here.
function failure(context: string, argument: string, error: unknown): SqliteStatementError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SqliteStatementError(`${context}: ${reason}`, argument, error);
}
