/**
 * What a guest's host offers besides HTTP, for one instance: the stores and databases
 * its component may open, a way to report what it did, and a blocking check of a
 * network address against the component's `allowed_outbound_hosts`. The worker builds
 * it; host modules (key-value, SQLite, the network interface stubs) only use it, so
 * they know nothing of threads, files or policies.
 */
import type { HostUnsupportedEvent, KeyValueEvent, SqliteEvent, StoreDeniedEvent } from '../api/events.js';

/** The labels the request being served may open: its component's lists as enforced now. */
export interface Grants {
  readonly keyValueStores: readonly string[];
  readonly sqliteDatabases: readonly string[];
  /** `ai_models`: the models Spin's llm interface may use. */
  readonly aiModels: readonly string[];
}

/** Where a store or database lives: a SQLite file, or (a database only) a private one in memory per open. */
export type StoreLocation = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'memory' };

/** One open key-value store (one label). Every method may throw a {@link StoreFailure}. */
export interface KeyValueBackend {
  get(key: string): Uint8Array | undefined;
  set(key: string, value: Uint8Array): void;
  delete(key: string): void;
  exists(key: string): boolean;
  /** Every key, ascending. */
  keys(): string[];
  /** Adds `delta` to the 8-byte little-endian integer stored at `key` (0 when absent); returns the new value. */
  increment(key: string, delta: bigint): bigint;
  /** Sets `key` to `value` if its value is still `expected` (`undefined`: set unconditionally, as Spin does). */
  swap(key: string, expected: Uint8Array | undefined, value: Uint8Array): boolean;
  /** The keys among `keys` that exist, with their values, ascending and without duplicates (as Spin answers). */
  getMany(keys: readonly string[]): [string, Uint8Array][];
  setMany(pairs: readonly (readonly [string, Uint8Array])[]): void;
  deleteMany(keys: readonly string[]): void;
}

/** A value of Spin's SQLite `value` variant, as jco passes it. */
export type SqlValue =
  | { tag: 'integer'; val: bigint }
  | { tag: 'real'; val: number }
  | { tag: 'text'; val: string }
  | { tag: 'blob'; val: Uint8Array }
  | { tag: 'null' };

/** What a statement returned. */
export interface SqlResult {
  columns: string[];
  rows: SqlValue[][];
}

/** One connection to one database (one `open`). Every method may throw a {@link StoreFailure}. */
export interface SqliteBackend {
  /** Runs the first statement of `statement` with positional `parameters`. */
  execute(statement: string, parameters: readonly SqlValue[]): SqlResult;
  lastInsertRowid(): bigint;
  changes(): bigint;
  /** Rolls back what was not committed and closes the connection. */
  close(): void;
}

/** A store or database operation failed: `message` is what the guest's `other(...)` / `io(...)` carries. */
export interface StoreFailure extends Error {
  readonly storeFailure: true;
}

/** True for the errors backends throw on purpose (anything else is a bug and traps the guest). */
export function isStoreFailure(error: unknown): error is StoreFailure {
  return error instanceof Error && (error as Partial<StoreFailure>).storeFailure === true;
}

/** Which interface a network check is for, and the address the guest gave. */
export interface AddressCheck {
  /** As imported, e.g. `fermyon:spin/redis@2.0.0`. */
  readonly interface: string;
  /** Spin's default scheme for the interface (spec §7.35): `redis`, `postgres`, `mysql` or `mqtt`. */
  readonly scheme: string;
  /** The address as given, e.g. `redis://cache:6379` or `cache:6380`. */
  readonly address: string;
}

/** Whether `allowed_outbound_hosts` let an address through; a denial is already recorded. */
export type AddressVerdict = { readonly allowed: true; readonly allowedBy: string } | { readonly allowed: false };

/** A host event as the worker reports it: the main thread adds ids, the trace and the component. */
export type HostEvent =
  | Omit<KeyValueEvent, 'id' | 'traceId' | 'parentId' | 'component'>
  | Omit<SqliteEvent, 'id' | 'traceId' | 'parentId' | 'component'>
  | Omit<StoreDeniedEvent, 'id' | 'traceId' | 'parentId' | 'component'>
  | Omit<HostUnsupportedEvent, 'id' | 'traceId' | 'parentId' | 'component'>;

/** Everything a host module may use besides HTTP, for one instance. */
export interface GuestServices {
  /** The grants of the request being served, read when the guest opens something. */
  grants(): Grants;
  /** Every key-value store label the app defines. */
  readonly keyValueLabels: readonly string[];
  /** Every SQLite database label the app defines. */
  readonly sqliteLabels: readonly string[];
  /** Bytes of a value or blob kept in an event. */
  readonly captureLimit: number;
  /** `name` (`spin:sqlite/sqlite`) with the version the component imports it at, for events. */
  imported(name: string): string;
  /** Opens a defined store; throws a {@link StoreFailure} when its file cannot be used. */
  openKeyValue(label: string): KeyValueBackend;
  /** Opens a new connection to a defined database; throws a {@link StoreFailure} when it cannot. */
  openSqlite(label: string): SqliteBackend;
  /** Reports a host call (never blocks). */
  record(event: HostEvent): void;
  /** Checks a network address against `allowed_outbound_hosts` on the main thread (blocks for the answer). */
  checkAddress(check: AddressCheck): AddressVerdict;
}

/** Nothing granted. */
export const NO_GRANTS: Grants = { keyValueStores: [], sqliteDatabases: [], aiModels: [] };

/** Services of an instance that may use nothing: no store is defined or granted, no address allowed, nothing recorded. */
export function isolatedServices(): GuestServices {
  const undefinedStore = (label: string): never => {
    throw new Error(`no store or database "${label}" is defined`);
  };
  return {
    grants: () => NO_GRANTS,
    keyValueLabels: [],
    sqliteLabels: [],
    captureLimit: 0,
    imported: (name) => name,
    openKeyValue: undefinedStore,
    openSqlite: undefinedStore,
    record: () => undefined,
    checkAddress: () => ({ allowed: false }),
  };
}
