/**
 * Which SQLite library a connection uses. Inside Electron (main process and its worker
 * threads, which run Electron's preload too: node_worker.cc copies `embedder_preload`)
 * it is `node:sqlite`, since better-sqlite3 is built for the ABI of the Node that ran
 * `npm install`; elsewhere it is better-sqlite3, as Node 20 has no `node:sqlite`.
 */
import { UsageError } from '../errors/spinscope-error.js';
import { betterSqlite3Driver } from './better-sqlite3-driver.js';
import { nodeSqliteDriver } from './node-sqlite-driver.js';
import type { DriverConnection, SqliteDriver } from './sqlite-driver.js';
import type { StoreLocation } from './store-location.js';

/** For tests: `node` or `better-sqlite3` forces that library in every thread. */
export const DRIVER_VARIABLE = 'SPINSCOPE_SQLITE_DRIVER';

const FORCED: ReadonlyMap<string, SqliteDriver> = new Map([
  ['node', nodeSqliteDriver],
  ['better-sqlite3', betterSqlite3Driver],
]);

/** Opens a connection with this process's driver (see {@link SqliteDriver.open}). */
export function openConnection(location: StoreLocation): DriverConnection {
  return selectedDriver().open(location);
}

/** The driver {@link openConnection} uses here. Throws a {@link UsageError} for a bad {@link DRIVER_VARIABLE}. */
export function selectedDriver(): SqliteDriver {
  const forced = process.env[DRIVER_VARIABLE];
  if (forced === undefined || forced === '') {
    return process.versions['electron'] !== undefined && nodeSqliteDriver.unavailable() === undefined ? nodeSqliteDriver : betterSqlite3Driver;
  }
  const driver = FORCED.get(forced);
  if (driver === undefined) throw new UsageError(`${DRIVER_VARIABLE}=${forced}: expected ${[...FORCED.keys()].join(' or ')}`);
  const why = driver.unavailable();
  if (why !== undefined) throw new UsageError(`${DRIVER_VARIABLE}=${forced}, but ${driver.name} cannot run here: ${why}`);
  return driver;
}
