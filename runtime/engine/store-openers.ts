/**
 * How a worker opens the app's stores and databases. Until the storage layer lands,
 * the app defines no labels, so host modules refuse every open before reaching here.
 */
import type { StoreOpeners } from './worker-services.js';
import { EngineError } from './engine-error.js';

const notYet = (): never => {
  throw new EngineError('key-value stores and SQLite databases are not available yet');
};

export const storeOpeners: StoreOpeners = { keyValue: notYet, sqlite: notYet };
