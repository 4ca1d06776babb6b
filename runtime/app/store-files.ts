/**
 * The files behind a running app's stores. A key-value store Spin keeps in memory lives
 * for the whole process and is shared by every request; guests here run in several
 * threads, which can share a file but not an in-memory database, so such stores are kept
 * in one file of a private temporary directory, created when first needed and removed
 * when the app stops.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreLayoutData } from '../engine/index.js';
import { materializeMemoryStores, type StoreLayout } from '../runtime-config/index.js';

export class StoreFiles {
  #tempDir: Promise<string> | undefined;

  /** What a component's workers are told of `layout`: every label with a place its threads can share. */
  async workerLayout(layout: StoreLayout, captureLimit: number): Promise<StoreLayoutData> {
    const inMemory = [...layout.keyValueStores.values()].some((location) => location.kind === 'memory');
    const shared = inMemory ? materializeMemoryStores(layout, await (this.#tempDir ??= mkdtemp(join(tmpdir(), 'spinscope-stores-')))) : layout;
    return { keyValue: shared.keyValueStores, sqlite: shared.sqliteDatabases, captureLimit };
  }

  /** Removes the in-memory stores' directory (the app has stopped). */
  async remove(): Promise<void> {
    const dir = await this.#tempDir?.catch(() => undefined);
    this.#tempDir = undefined;
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
