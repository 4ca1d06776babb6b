/** Events of Spin host calls: key-value, SQLite, their denials, and interfaces Spinscope does not support yet. */

import type { CapturedBody, EventBase } from './event-parts.js';

/**
 * How a Spin host call failed, as the guest saw it: the case of the interface's own
 * `error` variant (`access-denied`, `no-such-store`, `io`, ...) and its message when
 * the case carries one.
 */
export interface HostCallError {
  /** The WIT error case the guest received, e.g. `no-such-store` or `other`. */
  readonly tag: string;
  readonly message?: string;
}

/** What every key-value and SQLite event says about the call. `parentId` is the `inbound.request` being served. */
interface HostCallBase extends EventBase {
  /** The calling component. */
  readonly component: string;
  /** The interface as the guest imported it, e.g. `fermyon:spin/key-value@2.0.0` or `wasi:keyvalue/store@0.2.0-draft2`. */
  readonly interface: string;
  /** How long the host took, in ms. */
  readonly durationMs: number;
  /** Set when the call failed: what the guest received. */
  readonly error?: HostCallError;
}

/** What a key-value call did. */
export type KeyValueOperation =
  | 'open'
  | 'get'
  | 'set'
  | 'delete'
  | 'exists'
  | 'get-keys'
  | 'increment'
  | 'cas-current'
  | 'cas-swap'
  | 'get-many'
  | 'set-many'
  | 'delete-many';

/** A component called a key-value store (Spin's key-value or wasi:keyvalue). */
export interface KeyValueEvent extends HostCallBase {
  readonly kind: 'kv.operation';
  /** The store's label (`default`, or one from the runtime config). */
  readonly store: string;
  readonly operation: KeyValueOperation;
  /** The key or keys the call named, in order; absent for `open` and `get-keys`. */
  readonly keys?: readonly string[];
  /**
   * The value written (`set`, `cas-swap`, `set-many`: the first) or read (`get`,
   * `cas-current`, `get-many`: the first found), captured like a body.
   */
  readonly value?: CapturedBody;
  /**
   * What the call answered, in a few words: `found` / `not found` for reads, `true` /
   * `false` for `exists`, the new value for `increment`, the key count for `get-keys`,
   * `swapped` / `changed by another writer` for `cas-swap`.
   */
  readonly result?: string;
}

/** A scalar of Spin's SQLite `value` variant as recorded: blobs captured like bodies. */
export type SqliteValue =
  | { readonly type: 'integer'; readonly value: string }
  | { readonly type: 'real'; readonly value: number }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'blob'; readonly value: CapturedBody }
  | { readonly type: 'null' };

/** What a SQLite call did. */
export type SqliteOperation = 'open' | 'execute' | 'last-insert-rowid' | 'changes';

/** A component called a SQLite database (`fermyon:spin/sqlite` or `spin:sqlite`). */
export interface SqliteEvent extends HostCallBase {
  readonly kind: 'sqlite.operation';
  /** The database's label (`default`, or one from the runtime config). */
  readonly database: string;
  readonly operation: SqliteOperation;
  /** The statement as the guest sent it (`execute`). */
  readonly statement?: string;
  readonly parameters?: readonly SqliteValue[];
  /** The result's column names (`execute`). */
  readonly columns?: readonly string[];
  /** The first rows of the result, up to the capture limit (`execute`). */
  readonly rows?: readonly (readonly SqliteValue[])[];
  /** How many rows the result had, however many were recorded. */
  readonly rowCount?: number;
  /** What `last-insert-rowid` or `changes` answered. */
  readonly result?: string;
}

/** What a store or database denial is about: the manifest field that grants access. */
export type StoreKind = 'key_value_stores' | 'sqlite_databases';

/**
 * A component opened a key-value store or SQLite database it may not use: its label is
 * not in the component's `key_value_stores` / `sqlite_databases` (`access-denied`), or
 * no store of that label exists (`no-such-store` / `no-such-database`).
 * `parentId` is the `inbound.request` being served.
 */
export interface StoreDeniedEvent extends HostCallBase {
  readonly kind: 'kv.denied' | 'sqlite.denied';
  readonly field: StoreKind;
  /** The label the guest asked for. */
  readonly label: string;
  /** The component's list as enforced when it asked. */
  readonly granted: readonly string[];
  /** Every label the app defines (`default` plus the runtime config's). */
  readonly defined: readonly string[];
  /** Why, for the developer, naming the component, the label and the fix. */
  readonly message: string;
  /** The label to add to the component's list to allow this; absent when no store has that label. */
  readonly suggestion?: string;
}

/**
 * A component called a Spin interface Spinscope links but does not implement (redis,
 * postgres, mysql, mqtt, llm): it got the interface's error with a message saying so.
 * For a network interface the address passed `allowed_outbound_hosts` first (a denied
 * one is an `outbound.denied`). `parentId` is the `inbound.request` being served.
 */
export interface HostUnsupportedEvent extends EventBase {
  readonly kind: 'host.unsupported';
  readonly component: string;
  readonly interface: string;
  /** The function as the WIT names it, e.g. `[static]connection.open` or `execute`. */
  readonly function: string;
  /** The address the guest gave (`redis://...`), for network interfaces. */
  readonly address?: string;
  /** The `allowed_outbound_hosts` entry that let the address through. */
  readonly allowedBy?: string;
  /** What the guest received. */
  readonly error: HostCallError;
}
