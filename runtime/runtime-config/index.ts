export { checkStoreLabels } from './check-store-labels.js';
export {
  type KeyValueStoreConfig,
  loadRuntimeConfig,
  parseRuntimeConfig,
  type RuntimeConfig,
  type SqliteDatabaseConfig,
} from './load-runtime-config.js';
export { prepareStoreDirs, type StoreDirWarning } from './prepare-store-dirs.js';
export { RuntimeConfigError } from './runtime-config-error.js';
export {
  parseSqliteStatementArgs,
  runSqliteStatements,
  type SqliteStatementArg,
  SqliteStatementError,
} from './sqlite-statements.js';
export {
  materializeMemoryStores,
  resolveStoreLayout,
  type SqliteDatabaseSpec,
  type StoreLayout,
  type StoreLayoutSources,
} from './store-layout.js';
