/**
 * Spin's SQLite interface: `fermyon:spin/sqlite@2.0.0` and the synchronous functions of
 * `spin:sqlite/sqlite@3.0.0` / `@3.1.0` (the same shape; 3.x adds `last-insert-rowid`
 * and `changes`). Each `open` is a new connection of its own (factor-sqlite host.rs
 * `open_impl`), closed when the guest drops it or the instance ends, so a transaction
 * spans the `execute` calls of one connection.
 */
import type { SqliteEvent, SqliteOperation, SqliteValue } from '../api/events.js';
import type { GuestServices, SqliteBackend, SqlResult, SqlValue } from './guest-services.js';
import { attempt, callTiming, captureValue, failureOf, refuseOpen, SQLITE, type CallOutcome } from './store-calls.js';
import { err, ok, type WitResult } from './wit-result.js';

/** `variant error { no-such-database, access-denied, invalid-connection, database-full, io(string) }` */
export type SqliteError =
  | { tag: 'no-such-database' }
  | { tag: 'access-denied' }
  | { tag: 'invalid-connection' }
  | { tag: 'database-full' }
  | { tag: 'io'; val: string };

/** `record query-result { columns: list<string>, rows: list<row-result> }` with `record row-result { values: list<value> }` */
export interface QueryResult {
  columns: string[];
  rows: { values: SqlValue[] }[];
}

/** Rows of a result an event keeps. */
const RECORDED_ROWS = 100;

const symbolDispose: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/** The SQLite interfaces for one instance; `opened` learns of each connection so the instance's end can close it. */
export function spinSqlite(services: GuestServices, opened: (connection: SqliteBackend) => void): Record<string, object> {
  function connectionClass(iface: string) {
    /** `resource connection` */
    return class Connection {
      readonly #label: string;
      readonly #backend: SqliteBackend;

      constructor(label: string, backend: SqliteBackend) {
        this.#label = label;
        this.#backend = backend;
      }

      /** `open: static func(database: string) -> result<connection, error>;` */
      static open(database: string): WitResult<Connection, SqliteError> {
        const started = performance.now();
        const refused = refuseOpen(services, SQLITE, iface, database, started);
        if (refused !== undefined) return err({ tag: refused === 'access-denied' ? 'access-denied' : 'no-such-database' });
        const outcome = attempt(() => services.openSqlite(database));
        record(services, iface, database, 'open', started, outcome, {}, 'invalid-connection');
        if (!outcome.ok) return err({ tag: 'invalid-connection' });
        opened(outcome.value);
        return ok(new Connection(database, outcome.value));
      }

      /** `execute: func(statement: string, parameters: list<value>) -> result<query-result, error>;` */
      execute(statement: string, parameters: SqlValue[]): WitResult<QueryResult, SqliteError> {
        const started = performance.now();
        const outcome = attempt(() => this.#backend.execute(statement, parameters));
        record(services, iface, this.#label, 'execute', started, outcome, {
          statement,
          parameters: parameters.map((value) => recorded(value, services.captureLimit)),
          ...(outcome.ok ? resultDetails(outcome.value, services.captureLimit) : {}),
        });
        if (!outcome.ok) return err({ tag: 'io', val: outcome.message });
        return ok({ columns: outcome.value.columns, rows: outcome.value.rows.map((values) => ({ values })) });
      }

      /** `last-insert-rowid: func() -> s64;` (3.x) */
      lastInsertRowid(): bigint {
        return this.#scalar('last-insert-rowid', () => this.#backend.lastInsertRowid());
      }

      /** `changes: func() -> u64;` (3.x) */
      changes(): bigint {
        return this.#scalar('changes', () => this.#backend.changes());
      }

      [symbolDispose](): void {
        this.#backend.close();
      }

      // These return a bare number, so like Spin a failure traps the guest.
      #scalar(operation: SqliteOperation, read: () => bigint): bigint {
        const started = performance.now();
        const outcome = attempt(read);
        record(services, iface, this.#label, operation, started, outcome, outcome.ok ? { result: String(outcome.value) } : {});
        if (!outcome.ok) throw new Error(`${iface} ${operation}: ${outcome.message}`);
        return outcome.value;
      }
    };
  }
  return {
    'fermyon:spin/sqlite': { Connection: connectionClass('fermyon:spin/sqlite@2.0.0') },
    'spin:sqlite/sqlite': { Connection: connectionClass(services.imported('spin:sqlite/sqlite')) },
  };
}

type Details = Partial<Pick<SqliteEvent, 'statement' | 'parameters' | 'columns' | 'rows' | 'rowCount' | 'result'>>;

function record(services: GuestServices, iface: string, database: string, operation: SqliteOperation, started: number, outcome: CallOutcome<unknown>, details: Details, errorTag = 'io'): void {
  services.record({
    kind: 'sqlite.operation',
    ...callTiming(started),
    interface: iface,
    database,
    operation,
    ...details,
    ...failureOf(outcome, errorTag),
  });
}

function resultDetails(result: SqlResult, limit: number): Details {
  return {
    columns: result.columns,
    rows: result.rows.slice(0, RECORDED_ROWS).map((row) => row.map((value) => recorded(value, limit))),
    rowCount: result.rows.length,
  };
}

/** A value as events keep it: integers as decimal text (they may exceed 2^53), blobs captured. */
function recorded(value: SqlValue, limit: number): SqliteValue {
  switch (value.tag) {
    case 'integer':
      return { type: 'integer', value: String(value.val) };
    case 'real':
      return { type: 'real', value: value.val };
    case 'text':
      return { type: 'text', value: value.val };
    case 'blob':
      return { type: 'blob', value: captureValue(value.val, limit) };
    case 'null':
      return { type: 'null' };
  }
}
