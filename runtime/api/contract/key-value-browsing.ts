/** The key-value browser's view of a store: its stores, pages of keys, one entry. */

import type { CapturedBody } from '../events.js';

/** A key-value store the app defines: `default`, or a `[key_value_store.<label>]` of the runtime config. */
export interface KeyValueStoreInfo {
  readonly label: string;
  /** The SQLite file holding it (absolute), or `memory` for a store kept only while the app runs. */
  readonly location: string;
  /** The components whose `key_value_stores` grant it, as enforced now. */
  readonly components: readonly string[];
  /** How many keys it holds; absent when it could not be read (see `problem`). */
  readonly keyCount?: number;
  /** Why it could not be read (a corrupt or unreadable file), naming the file. */
  readonly problem?: string;
}

/** What to list of a store's keys. */
export interface KeyValueKeysQuery {
  /** Only keys starting with this. */
  readonly prefix?: string;
  /** Only keys after this one (in the store's order), to page through a large store. */
  readonly after?: string;
  /** At most this many keys; default 200, at most 1,000. */
  readonly limit?: number;
}

/** One page of a store's keys, in ascending order. */
export interface KeyValueKeysPage {
  readonly keys: readonly string[];
  /** True when more keys follow the last one. */
  readonly more: boolean;
}

/** One key's value, captured like a body (the first 1 MiB, and the true size). */
export interface KeyValueEntry {
  readonly key: string;
  readonly value: CapturedBody;
}
