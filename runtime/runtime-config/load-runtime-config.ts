/**
 * Reads `spin up --runtime-config-file` (crates/runtime-config/src/lib.rs,
 * `ResolvedRuntimeConfig::from_file`): the state directory and the `spin`-type
 * key-value stores and SQLite databases. Everything else Spin reads from the file is
 * refused with an explanation rather than ignored, since ignoring it would run the app
 * differently from Spin.
 */
import { readFile } from 'node:fs/promises';
import { ManifestError } from '../manifest/manifest-error.js';
import { parseToml } from '../manifest/parse-toml.js';
import { isTable, TableReader } from '../manifest/table-reader.js';
import { TomlLocator } from '../manifest/toml-locator.js';
import { RuntimeConfigError } from './runtime-config-error.js';

/** `[key_value_store.<label>]` with `type = "spin"`. */
export interface KeyValueStoreConfig {
  /** As written: relative to the runtime config file's directory. Absent: in memory. */
  readonly path?: string;
}

/** `[sqlite_database.<label>]` with `type = "spin"`. */
export interface SqliteDatabaseConfig {
  /** As written: relative to the working directory. Absent: in memory, new per open. */
  readonly path?: string;
  readonly allowAttachFile: boolean;
}

/** What a runtime config file says, before paths are resolved (see `resolveStoreLayout`). */
export interface RuntimeConfig {
  /** The file as given. */
  readonly file: string;
  /** `state_dir` as written; `''` means no state directory. */
  readonly stateDir?: string;
  /** In file order. */
  readonly keyValueStores: ReadonlyMap<string, KeyValueStoreConfig>;
  /** In file order. */
  readonly sqliteDatabases: ReadonlyMap<string, SqliteDatabaseConfig>;
}

// Top-level keys Spin reads (`TomlResolver`, the factors' runtime config sources) whose
// effect Spinscope does not reproduce yet.
const NOT_YET_SUPPORTED = new Set([
  'log_dir',
  'max_instance_memory',
  'variables_provider',
  'config_provider',
  'outbound_networking',
  'client_tls',
  'outbound_http',
  'outbound_redis',
  'outbound_pg',
  'outbound_mysql',
  'outbound_mqtt',
  'llm_compute',
]);

// Store types Spin registers (crates/runtime-config/src/lib.rs, crates/sqlite/src/lib.rs) besides `spin`.
const OTHER_KEY_VALUE_TYPES = new Set(['redis', 'azure_cosmos', 'aws_dynamo']);
const OTHER_SQLITE_TYPES = new Set(['libsql']);

/** Reads and parses a runtime config file; every problem is a {@link RuntimeConfigError} naming the file. */
export async function loadRuntimeConfig(file: string): Promise<RuntimeConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : String((error as Error).message);
    throw new RuntimeConfigError(`failed to read runtime config file: ${reason}`, { file, cause: error });
  }
  return parseRuntimeConfig(text, file);
}

/** Parses the text of a runtime config file named `file`. */
export function parseRuntimeConfig(text: string, file: string): RuntimeConfig {
  // The manifest's TOML readers report ManifestErrors; here they are about this file.
  try {
    const root = new TableReader({ file, locator: TomlLocator.scan(text) }, parseToml(text, file), []);
    return readRoot(root, file);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    const detail = error.detail.replace(/^TOML parse error: /, 'failed to parse runtime config file as TOML: ');
    throw new RuntimeConfigError(detail, {
      file,
      ...(error.line !== undefined && { line: error.line }),
      ...(error.column !== undefined && { column: error.column }),
      cause: error.cause,
    });
  }
}

function readRoot(root: TableReader, file: string): RuntimeConfig {
  let stateDir: string | undefined;
  const keyValueStores = new Map<string, KeyValueStoreConfig>();
  const sqliteDatabases = new Map<string, SqliteDatabaseConfig>();
  const unused: string[] = [];
  for (const key of root.keys()) {
    if (key === 'state_dir') stateDir = root.string(key);
    else if (key === 'key_value_store') readStores(root.requiredTable(key), keyValueStores);
    else if (key === 'sqlite_database') readDatabases(root.requiredTable(key), sqliteDatabases);
    else if (NOT_YET_SUPPORTED.has(key)) {
      const written = isTable(root.raw(key)) ? `[${key}]` : `\`${key}\``;
      root.failAt([key], `Spinscope does not support ${written} in a runtime config file yet; remove it to run the app here (ignoring it would run the app differently from Spin)`);
    } else unused.push(key);
  }
  // spin_factors' `TomlKeyTracker::validate_all_keys_used`.
  if (unused.length > 0) root.failAt([unused[0] as string], `unused runtime config key(s): ${unused.join(', ')}`);
  return { file, ...(stateDir !== undefined && { stateDir }), keyValueStores, sqliteDatabases };
}

// crates/factor-key-value/src/runtime_config/spin.rs: every table needs a `type`; the `spin`
// type reads `path` and ignores other fields (no `deny_unknown_fields`).
function readStores(stores: TableReader, into: Map<string, KeyValueStoreConfig>): void {
  for (const label of stores.keys()) {
    const store = stores.requiredTable(label);
    const type = store.requiredString('type');
    if (type !== 'spin') {
      const problem = OTHER_KEY_VALUE_TYPES.has(type)
        ? `Spinscope does not support key-value store type "${type}" yet`
        : `could not configure key-value store with label '${label}': the store type '${type}' was not registered with the config resolver`;
      store.failAt(['type'], `${problem}; Spinscope supports type = "spin" (a SQLite file at \`path\`, or in memory without one)`);
    }
    const path = store.string('path');
    into.set(label, path === undefined ? {} : { path });
  }
}

// crates/sqlite/src/lib.rs: `InProcDatabase` has `deny_unknown_fields`; `type` is taken
// out before (serde `flatten`), so serde's list of expected fields leaves it out.
function readDatabases(databases: TableReader, into: Map<string, SqliteDatabaseConfig>): void {
  for (const label of databases.keys()) {
    const database = databases.requiredTable(label);
    const type = database.requiredString('type');
    if (type !== 'spin') {
      const problem = OTHER_SQLITE_TYPES.has(type) ? `Spinscope does not support SQLite database type "${type}" yet` : `Unknown database kind: ${type}`;
      database.failAt(['type'], `${problem}; Spinscope supports type = "spin" (a SQLite file at \`path\`, or in memory without one)`);
    }
    database.expectFields(['path', 'allow_attach_file'], ['type']);
    const path = database.string('path');
    into.set(label, { ...(path !== undefined && { path }), allowAttachFile: database.boolean('allow_attach_file') ?? false });
  }
}
