import type { KeyValueEntry, KeyValueKeysPage, KeyValueStoreInfo, SpinscopeApi } from '../../runtime/api/contract.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import { LatestRequest } from './latest-request.js';

/** Keys fetched per page. */
export const KEYS_PAGE_SIZE = 200;

/** A page of keys, with the store and prefix it was asked for. */
interface KeysAnswer {
  readonly store: string;
  readonly prefix: string;
  readonly page: KeyValueKeysPage;
}

/** What the value pane shows: nothing picked, the key's value, or that the key has none (any more). */
export type EntryState = { readonly kind: 'none' } | { readonly kind: 'value'; readonly entry: KeyValueEntry } | { readonly kind: 'missing'; readonly key: string };

/**
 * The key-value browser: the app's stores, one store's keys (a prefix filter, paged in the
 * store's order), and one key's value, each with the error that kept it from loading.
 * Writes go through the API as a guest's `set` / `delete` would, then the lists are read
 * again; nothing is cached beyond what is shown.
 */
export class KeyValueBrowser {
  stores: readonly KeyValueStoreInfo[] | undefined = $state.raw();
  storesError: string | undefined = $state();
  /** The selected store's label. */
  store: string | undefined = $state();
  prefix = $state('');
  keys: readonly string[] = $state.raw([]);
  /** More keys follow the last one shown. */
  more = $state(false);
  keysError: string | undefined = $state();
  /** The selected key. */
  key: string | undefined = $state();
  entry: EntryState = $state.raw({ kind: 'none' });
  entryError: string | undefined = $state();
  /** Why the last write (set or delete) failed. */
  writeError: string | undefined = $state();
  /** A write is under way. */
  writing = $state(false);

  readonly #api: SpinscopeApi;
  // The developer types a prefix faster than the answers come back: only the latest counts.
  readonly #stores = new LatestRequest<readonly KeyValueStoreInfo[]>((stores) => (this.stores = stores));
  readonly #keys = new LatestRequest<KeysAnswer>(({ store, prefix, page }) => {
    // An answer for a store or prefix no longer shown (its newer request failed) stays off screen.
    if (store !== this.store || prefix !== this.prefix) return;
    this.keys = page.keys;
    this.more = page.more;
  });
  readonly #entry = new LatestRequest<EntryState>((entry) => (this.entry = entry));

  constructor(api: SpinscopeApi) {
    this.#api = api;
  }

  /** Reads the stores again, and the selected store's first page of keys and the selected key's value. */
  async refresh(): Promise<void> {
    this.storesError = undefined;
    try {
      const stores = await this.#stores.settle(this.#api.keyValueStores());
      if (this.store !== undefined && !stores.some((store) => store.label === this.store)) this.#forgetStore();
      this.store ??= stores[0]?.label;
    } catch (error) {
      this.storesError = problemMessage(error);
    }
    await Promise.all([this.#loadKeys(), this.#loadEntry()]);
  }

  /** Shows `label`'s keys. */
  async selectStore(label: string): Promise<void> {
    if (label === this.store) return;
    this.#forgetStore();
    this.store = label;
    await this.#loadKeys();
  }

  /** Shows only the keys starting with `prefix`. */
  async setPrefix(prefix: string): Promise<void> {
    this.prefix = prefix;
    await this.#loadKeys();
  }

  /** Appends the next page of keys. */
  async loadMore(): Promise<void> {
    const { store, prefix, keys } = this;
    const after = keys.at(-1);
    if (store === undefined || after === undefined) return;
    await this.#fetchKeys(store, prefix, async () => {
      const page = await this.#api.keyValueKeys(store, { ...(prefix === '' ? {} : { prefix }), after, limit: KEYS_PAGE_SIZE });
      return { keys: [...keys, ...page.keys], more: page.more };
    });
  }

  /** Shows `key`'s value. */
  async selectKey(key: string): Promise<void> {
    this.key = key;
    this.writeError = undefined;
    await this.#loadEntry();
  }

  /** Sets `key` to `text` (UTF-8) in the selected store, as a guest's `set` would; resolves to whether it worked. */
  async setText(key: string, text: string): Promise<boolean> {
    const store = this.store;
    if (store === undefined) return false;
    const known = this.keys.includes(key);
    const written = await this.#write(() => this.#api.keyValueSet(store, key, new TextEncoder().encode(text)));
    if (!written) return false;
    this.key = key;
    // A new key may land anywhere in the store's order: read the list again from its start.
    await Promise.all([known ? undefined : this.#loadKeys(), this.#loadEntry(), this.#refreshStores()]);
    return true;
  }

  /** Deletes `key` from the selected store; resolves to whether it worked. */
  async delete(key: string): Promise<boolean> {
    const store = this.store;
    if (store === undefined) return false;
    if (!(await this.#write(() => this.#api.keyValueDelete(store, key)))) return false;
    this.keys = this.keys.filter((other) => other !== key);
    if (this.key === key) {
      this.key = undefined;
      this.entry = { kind: 'none' };
    }
    await this.#refreshStores();
    return true;
  }

  #forgetStore(): void {
    this.store = undefined;
    this.key = undefined;
    this.entry = { kind: 'none' };
    this.keys = [];
    this.more = false;
    this.writeError = undefined;
  }

  async #loadKeys(): Promise<void> {
    const { store, prefix } = this;
    if (store === undefined) return;
    await this.#fetchKeys(store, prefix, () => this.#api.keyValueKeys(store, { ...(prefix === '' ? {} : { prefix }), limit: KEYS_PAGE_SIZE }));
  }

  async #fetchKeys(store: string, prefix: string, fetch: () => Promise<KeyValueKeysPage>): Promise<void> {
    this.keysError = undefined;
    try {
      await this.#keys.settle(fetch().then((page) => ({ store, prefix, page })));
    } catch (error) {
      this.keysError = problemMessage(error);
    }
  }

  async #loadEntry(): Promise<void> {
    const { store, key } = this;
    this.entryError = undefined;
    if (store === undefined || key === undefined) return;
    try {
      await this.#entry.settle(this.#api.keyValueGet(store, key).then((entry): EntryState => (entry === undefined ? { kind: 'missing', key } : { kind: 'value', entry })));
    } catch (error) {
      this.entryError = problemMessage(error);
    }
  }

  // Key counts change with every write.
  async #refreshStores(): Promise<void> {
    try {
      await this.#stores.settle(this.#api.keyValueStores());
    } catch (error) {
      this.storesError = problemMessage(error);
    }
  }

  async #write(write: () => Promise<void>): Promise<boolean> {
    this.writing = true;
    this.writeError = undefined;
    try {
      await write();
      return true;
    } catch (error) {
      this.writeError = problemMessage(error);
      return false;
    } finally {
      this.writing = false;
    }
  }
}
