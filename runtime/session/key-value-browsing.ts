/**
 * The inspector's key-value browser over a running app's stores: which stores exist and
 * who may open them, and a page of keys.
 */
import type { KeyValueKeysPage, KeyValueKeysQuery, KeyValueStoreInfo } from '../api/contract.js';
import type { LoadedApp, StoreBrowser } from '../app/index.js';
import { StorageError, type KeyValueStore } from '../storage/index.js';

const DEFAULT_PAGE = 200;
const LARGEST_PAGE = 1_000;

/** Every store of `app`: its file, the components whose key_value_stores grant it (as served), and its size. */
export function storeInfos(browser: StoreBrowser, app: LoadedApp): KeyValueStoreInfo[] {
  const components = [...app.manifest.components.values()];
  return [...browser.labels()].map(([label, { file }]) => {
    const info = { label, location: file === ':memory:' ? 'memory' : file, components: components.filter((component) => component.keyValueStores.includes(label)).map((component) => component.id) };
    try {
      return { ...info, keyCount: browser.store(label, false)?.count() ?? 0 };
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return { ...info, problem: error.message };
    }
  });
}

/** A page of `store`'s keys (none while its file does not exist yet). */
export function keysPage(store: KeyValueStore | undefined, query: KeyValueKeysQuery): KeyValueKeysPage {
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE)), LARGEST_PAGE);
  if (store === undefined) return { keys: [], more: false };
  return store.keyPage({ limit, ...(query.prefix === undefined ? {} : { prefix: query.prefix }), ...(query.after === undefined ? {} : { after: query.after }) });
}
