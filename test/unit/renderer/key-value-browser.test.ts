import { describe, expect, it } from 'vitest';
import type { KeyValueEntry, KeyValueKeysPage, KeyValueKeysQuery, KeyValueStoreInfo } from '../../../runtime/api/contract.js';
import { KeyValueBrowser } from '../../../renderer/state/key-value-browser.svelte.js';
import { UnusedApi } from './unused-api.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/**
 * The key-value half of SpinscopeApi over sorted in-memory stores, answering as the
 * contract says (pages in key order after `after`, `undefined` for a missing key), and
 * holding `keyValueKeys` answers when the test asks, to release them in any order.
 */
class StoresApi extends UnusedApi {
  readonly stores = new Map<string, Map<string, Uint8Array>>([
    ['default', new Map([['counter', new TextEncoder().encode('41')]])],
    ['cache', new Map()],
  ]);
  readonly keyQueries: { store: string; query: KeyValueKeysQuery | undefined }[] = [];
  holdKeys = false;
  readonly held: (() => void)[] = [];
  failing: string | undefined;

  override async keyValueStores(): Promise<readonly KeyValueStoreInfo[]> {
    if (this.failing === 'stores') throw { code: 'SPINSCOPE_X', name: 'X', message: 'cannot list stores' };
    return [...this.stores].map(([label, keys]) => ({ label, location: 'memory', components: ['web'], keyCount: keys.size }));
  }
  override async keyValueKeys(store: string, query?: KeyValueKeysQuery): Promise<KeyValueKeysPage> {
    this.keyQueries.push({ store, query });
    if (this.holdKeys) await new Promise<void>((release) => this.held.push(release));
    if (!this.stores.has(store)) throw { code: 'SPINSCOPE_X', name: 'X', message: `no key-value store ${JSON.stringify(store)}` };
    const all = [...(this.stores.get(store)?.keys() ?? [])].sort().filter((key) => key.startsWith(query?.prefix ?? '') && (query?.after === undefined || key > query.after));
    const limit = query?.limit ?? 200;
    return { keys: all.slice(0, limit), more: all.length > limit };
  }
  override async keyValueGet(store: string, key: string): Promise<KeyValueEntry | undefined> {
    const value = this.stores.get(store)?.get(key);
    return value === undefined ? undefined : { key, value: { captured: value, size: value.length, truncated: false } };
  }
  override async keyValueSet(store: string, key: string, value: Uint8Array): Promise<void> {
    if (this.failing === 'set') throw { code: 'SPINSCOPE_X', name: 'X', message: 'the store is read-only' };
    this.stores.get(store)?.set(key, value);
  }
  override async keyValueDelete(store: string, key: string): Promise<void> {
    this.stores.get(store)?.delete(key);
  }
}

describe('KeyValueBrowser', () => {
  it('lists the stores, opens the first, and shows a key\'s value', async () => {
    const browser = new KeyValueBrowser(new StoresApi());
    await browser.refresh();
    expect(browser.stores?.map((store) => [store.label, store.keyCount])).toEqual([
      ['default', 1],
      ['cache', 0],
    ]);
    expect(browser.store).toBe('default');
    expect(browser.keys).toEqual(['counter']);
    await browser.selectKey('counter');
    expect(browser.entry.kind === 'value' && text(browser.entry.entry.value.captured)).toBe('41');
  });

  it('pages through a large store in key order and filters by prefix', async () => {
    const api = new StoresApi();
    const many = new Map(Array.from({ length: 450 }, (_, index) => [`user:${String(index).padStart(3, '0')}`, new Uint8Array([index % 256])]));
    api.stores.set('default', many);
    const browser = new KeyValueBrowser(api);
    await browser.refresh();
    expect(browser.keys).toHaveLength(200);
    expect(browser.more).toBe(true);
    await browser.loadMore();
    await browser.loadMore();
    expect(browser.keys).toHaveLength(450);
    expect(browser.keys).toEqual([...many.keys()]);
    expect(browser.more).toBe(false);
    expect(api.keyQueries.at(-1)?.query).toEqual({ after: 'user:399', limit: 200 });

    await browser.setPrefix('user:44');
    expect(browser.keys).toEqual(Array.from({ length: 10 }, (_, index) => `user:44${index}`));
    expect(api.keyQueries.at(-1)?.query).toEqual({ prefix: 'user:44', limit: 200 });
  });

  it('shows the keys of the latest prefix typed, whatever order the answers come in', async () => {
    const api = new StoresApi();
    api.stores.set('default', new Map([['a1', new Uint8Array()], ['b1', new Uint8Array()]]));
    const browser = new KeyValueBrowser(api);
    await browser.refresh();
    api.holdKeys = true;
    const first = browser.setPrefix('a');
    const second = browser.setPrefix('b');
    api.held[1]?.();
    await second;
    api.held[0]?.();
    await first;
    expect(browser.keys).toEqual(['b1']);
  });

  it("never shows another store's keys, even when the request for the shown one fails", async () => {
    const api = new StoresApi();
    const browser = new KeyValueBrowser(api);
    await browser.refresh();
    api.holdKeys = true;
    const reading = browser.setPrefix('c');
    api.holdKeys = false;
    api.stores.delete('cache');
    await browser.selectStore('cache');
    api.held[0]?.();
    await reading;
    expect([browser.store, browser.keys, browser.keysError]).toEqual(['cache', [], 'no key-value store "cache"']);
  });

  it('sets a new key as UTF-8 text, then lists it and shows its value and the new key count', async () => {
    const api = new StoresApi();
    const browser = new KeyValueBrowser(api);
    await browser.refresh();
    expect(await browser.setText('greeting', 'héllo')).toBe(true);
    expect([...(api.stores.get('default')?.get('greeting') ?? [])]).toEqual([...new TextEncoder().encode('héllo')]);
    expect(browser.keys).toEqual(['counter', 'greeting']);
    expect(browser.key).toBe('greeting');
    expect(browser.entry.kind === 'value' && text(browser.entry.entry.value.captured)).toBe('héllo');
    expect(browser.stores?.find((store) => store.label === 'default')?.keyCount).toBe(2);
  });

  it('deletes a key: gone from the list, the selection cleared, the count updated', async () => {
    const api = new StoresApi();
    const browser = new KeyValueBrowser(api);
    await browser.refresh();
    await browser.selectKey('counter');
    expect(await browser.delete('counter')).toBe(true);
    expect(api.stores.get('default')?.has('counter')).toBe(false);
    expect(browser.keys).toEqual([]);
    expect(browser.key).toBeUndefined();
    expect(browser.entry).toEqual({ kind: 'none' });
    expect(browser.stores?.find((store) => store.label === 'default')?.keyCount).toBe(0);
  });

  it('says a key another writer deleted has no value, and keeps errors where they happened', async () => {
    const api = new StoresApi();
    const browser = new KeyValueBrowser(api);
    await browser.refresh();
    api.stores.get('default')?.delete('counter');
    await browser.selectKey('counter');
    expect(browser.entry).toEqual({ kind: 'missing', key: 'counter' });

    api.failing = 'set';
    expect(await browser.setText('counter', '1')).toBe(false);
    expect(browser.writeError).toBe('the store is read-only');
    api.failing = 'stores';
    await browser.refresh();
    expect(browser.storesError).toBe('cannot list stores');
    // The store shown before still shows its keys.
    expect(browser.keysError).toBeUndefined();
  });

  it('switches stores, dropping the other store\'s key and value', async () => {
    const browser = new KeyValueBrowser(new StoresApi());
    await browser.refresh();
    await browser.selectKey('counter');
    await browser.selectStore('cache');
    expect([browser.store, browser.keys, browser.key, browser.entry]).toEqual(['cache', [], undefined, { kind: 'none' }]);
  });
});
