/**
 * Where every key-value store and SQLite database of an app lives, as `spin up` decides
 * it from the manifest's directory, `--state-dir` and the runtime config file.
 */
import path from 'node:path';
import type { StoreLocation } from '../storage/store-location.js';
import type { RuntimeConfig } from './load-runtime-config.js';

/** One SQLite database label: where it is and whether `ATTACH` may name a file. */
export interface SqliteDatabaseSpec {
  readonly location: StoreLocation;
  readonly allowAttachFile: boolean;
}

/** Every store and database label the app may use, with absolute file paths. */
export interface StoreLayout {
  /** Absent when there is none (`--state-dir ""`, `state_dir = ""`): the default stores are then in memory. */
  readonly stateDir?: string;
  /** Always has `default`. */
  readonly keyValueStores: ReadonlyMap<string, StoreLocation>;
  /** Always has `default`. */
  readonly sqliteDatabases: ReadonlyMap<string, SqliteDatabaseSpec>;
}

/** What {@link resolveStoreLayout} resolves from. */
export interface StoreLayoutSources {
  /** The absolute directory of `spin.toml`. */
  readonly manifestDir: string;
  readonly runtimeConfig?: RuntimeConfig;
  /** `--state-dir`; `''` means none. */
  readonly stateDir?: string;
  /** What relative paths Spin resolves against its working directory use; `process.cwd()` by default. */
  readonly cwd?: string;
}

// crates/runtime-config/src/lib.rs: DEFAULT_SPIN_STORE_FILENAME, and crates/sqlite/src/lib.rs: DEFAULT_SQLITE_DB_FILENAME.
const DEFAULT_KEY_VALUE_FILE = 'sqlite_key_value.db';
const DEFAULT_SQLITE_FILE = 'sqlite_db.db';
const DEFAULT_LABEL = 'default';

/**
 * Resolves every label's location as Spin does (crates/runtime-config/src/lib.rs,
 * crates/key-value-spin/src/lib.rs, crates/sqlite/src/lib.rs). The state directory is
 * `--state-dir`, else `state_dir`, else `<manifest dir>/.spin`; Spin makes the first two
 * absolute against its working directory and leaves the last relative to it, where
 * Spinscope makes it absolute. The `default` store is `<state dir>/sqlite_key_value.db`
 * and the `default` database `<state dir>/sqlite_db.db`, both in memory without a state
 * directory; a `default` table in the runtime config replaces them.
 */
export function resolveStoreLayout(sources: StoreLayoutSources): StoreLayout {
  const cwd = sources.cwd ?? process.cwd();
  const config = sources.runtimeConfig;
  // `UserProvidedPath`: the flag wins over the file; `""` in either means none.
  const given = sources.stateDir ?? config?.stateDir;
  const stateDir = given === undefined ? path.join(sources.manifestDir, '.spin') : given === '' ? undefined : path.resolve(cwd, given);

  // Spin's quirk: a key-value `path` is relative to the runtime config file's directory
  // (`SpinKeyValueStore::make_store`, base path = the file's parent)...
  const configDir = config === undefined ? cwd : path.dirname(path.resolve(cwd, config.file));
  const keyValueStores = new Map<string, StoreLocation>();
  for (const [label, store] of config?.keyValueStores ?? []) keyValueStores.set(label, locate(store.path, configDir));
  if (!keyValueStores.has(DEFAULT_LABEL)) keyValueStores.set(DEFAULT_LABEL, locate(stateDir && path.join(stateDir, DEFAULT_KEY_VALUE_FILE), cwd));

  // ...while a SQLite `path` is relative to the working directory (`sqlite_config_resolver`
  // passes `std::env::current_dir()`, whatever its doc comment says).
  const sqliteDatabases = new Map<string, SqliteDatabaseSpec>();
  for (const [label, database] of config?.sqliteDatabases ?? []) {
    sqliteDatabases.set(label, { location: locate(database.path, cwd), allowAttachFile: database.allowAttachFile });
  }
  if (!sqliteDatabases.has(DEFAULT_LABEL)) {
    sqliteDatabases.set(DEFAULT_LABEL, { location: locate(stateDir && path.join(stateDir, DEFAULT_SQLITE_FILE), cwd), allowAttachFile: false });
  }
  return { ...(stateDir !== undefined && { stateDir }), keyValueStores, sqliteDatabases };
}

/**
 * The layout with every in-memory key-value store backed by a file in `tempDir`, a
 * private directory the caller creates and removes. Spin's in-memory store is one
 * connection shared by every request for the life of the process; guests here run in
 * several threads, which can share a file but not an in-memory database. In-memory
 * SQLite databases stay in memory: Spin gives every open a fresh one anyway.
 */
export function materializeMemoryStores(layout: StoreLayout, tempDir: string): StoreLayout {
  let index = 0;
  const keyValueStores = new Map<string, StoreLocation>();
  for (const [label, location] of layout.keyValueStores) {
    // Labels can hold any character, so file names use a counter.
    keyValueStores.set(label, location.kind === 'memory' ? { kind: 'file', path: path.join(tempDir, `key-value-${index++}.db`) } : location);
  }
  return { ...layout, keyValueStores };
}

function locate(file: string | undefined, base: string): StoreLocation {
  return file === undefined ? { kind: 'memory' } : { kind: 'file', path: path.resolve(base, file) };
}
