import { describe, expect, expectTypeOf, it } from 'vitest';
import { isStoreFailure, type KeyValueBackend, type SqliteBackend, type StoreFailure } from '../../../runtime/host/guest-services.js';
import { type KeyValueStore, type SqliteConnection, StorageError } from '../../../runtime/storage/index.js';

// storage/ may not import host/, so its classes meet the host's interfaces structurally;
// `npm run typecheck` fails here if either side drifts.
describe('storage meets the host contract', () => {
  it('KeyValueStore is a KeyValueBackend, SqliteConnection a SqliteBackend', () => {
    expectTypeOf<KeyValueStore>().toExtend<KeyValueBackend>();
    expectTypeOf<SqliteConnection>().toExtend<SqliteBackend>();
  });

  it('StorageError is a StoreFailure the host recognises', () => {
    expectTypeOf<StorageError>().toExtend<StoreFailure>();
    const error = new StorageError('/app/.spin/sqlite_key_value.db: file is not a database', { file: '/app/.spin/sqlite_key_value.db' });
    expect(isStoreFailure(error)).toBe(true);
    expect(isStoreFailure(new Error('a bug'))).toBe(false);
    expect(error.toJSON()).toEqual({
      code: 'SPINSCOPE_STORAGE',
      name: 'StorageError',
      message: '/app/.spin/sqlite_key_value.db: file is not a database',
      file: '/app/.spin/sqlite_key_value.db',
      sqliteCode: undefined,
    });
  });
});
