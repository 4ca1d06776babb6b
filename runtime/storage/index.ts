export { type KeyPage, type KeyPageQuery, KeyValueStore, openKeyValueStore } from './key-value-store.js';
export { SqliteConnection, type SqliteOptions, type SqlResult, type SqlValue } from './sqlite-connection.js';
export { StorageError } from './storage-error.js';
export type { StoreLocation } from './store-location.js';
