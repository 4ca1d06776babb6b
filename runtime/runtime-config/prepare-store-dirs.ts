import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { StoreLayout } from './store-layout.js';

/** A directory {@link prepareStoreDirs} could not create: the stores in it fail when used. */
export interface StoreDirWarning {
  readonly dir: string;
  /** The stores and databases that live in it, e.g. `key-value store "default"`. */
  readonly stores: readonly string[];
  readonly message: string;
  readonly cause: unknown;
}

/**
 * Creates the directories the layout's files live in. Spin creates them at startup and
 * refuses to start when it cannot (`failed to create key value store's parent directory`);
 * Spinscope returns a warning instead, so a read-only app directory still serves and only
 * the stores that cannot be opened fail, with errors naming their files.
 */
export async function prepareStoreDirs(layout: StoreLayout): Promise<StoreDirWarning[]> {
  const dirs = new Map<string, string[]>();
  const add = (file: string, store: string): void => {
    const dir = path.dirname(file);
    dirs.set(dir, [...(dirs.get(dir) ?? []), store]);
  };
  for (const [label, location] of layout.keyValueStores) if (location.kind === 'file') add(location.path, `key-value store ${JSON.stringify(label)}`);
  for (const [label, { location }] of layout.sqliteDatabases) if (location.kind === 'file') add(location.path, `SQLite database ${JSON.stringify(label)}`);

  const warnings: StoreDirWarning[] = [];
  for (const [dir, stores] of dirs) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      warnings.push({ dir, stores, cause, message: `cannot create directory ${dir} (${reason}); ${stores.join(', ')} will fail when used` });
    }
  }
  return warnings;
}
