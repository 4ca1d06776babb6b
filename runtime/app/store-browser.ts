/**
 * The app's key-value stores opened on the main thread, for an inspector to list, read
 * and edit while guests use them. Each label's store is opened once, where the serving
 * generation keeps it; a file that does not exist yet is not created until something is
 * written (Spin creates a store's file at its first open).
 */
import { existsSync } from 'node:fs';
import type { StoreLayoutData } from '../engine/index.js';
import { openKeyValueStore, type KeyValueStore } from '../storage/index.js';
import { UnknownStoreError } from './unknown-store-error.js';

export class StoreBrowser {
  readonly #layout: () => StoreLayoutData;
  readonly #open = new Map<string, KeyValueStore>();

  constructor(layout: () => StoreLayoutData) {
    this.#layout = layout;
  }

  /** Every key-value store label of the app, with where it lives. */
  labels(): ReadonlyMap<string, { readonly file: string }> {
    return new Map([...this.#layout().keyValue].map(([label, location]) => [label, { file: location.kind === 'file' ? location.path : ':memory:' }]));
  }

  /**
   * `label`'s store, or `undefined` while its file does not exist and `create` is false.
   * Throws UnknownStoreError for a label the app does not define, StorageError when the
   * file cannot be used.
   */
  store(label: string, create: boolean): KeyValueStore | undefined {
    const location = this.#layout().keyValue.get(label);
    if (location === undefined) throw new UnknownStoreError(label, [...this.#layout().keyValue.keys()]);
    const key = `${label}\0${location.kind === 'file' ? location.path : ''}`;
    const open = this.#open.get(key);
    if (open !== undefined) return open;
    if (!create && location.kind === 'file' && !existsSync(location.path)) return undefined;
    const store = openKeyValueStore(location, label);
    this.#open.set(key, store);
    return store;
  }

  /** Closes every store it opened. */
  close(): void {
    for (const store of this.#open.values()) store.close();
    this.#open.clear();
  }
}
