/**
 * `wasi:keyvalue@0.2.0-draft2` (store, atomics, batch) over the same stores as Spin's
 * key-value interface, with Spin's answers where the draft leaves room
 * (factor-key-value host.rs, key-value-spin store.rs): `list-keys` returns every key
 * at once and refuses a cursor, `get-many` returns only the keys that exist, and a
 * compare-and-swap whose `current` found no value (or was never read) always swaps.
 */
import type { GuestServices } from './guest-services.js';
import { KeyValueHandle, openKeyValue } from './key-value-handle.js';
import type { CallOutcome } from './store-calls.js';
import { err, ok, type WitResult } from './wit-result.js';

const STORE = 'wasi:keyvalue/store@0.2.0-draft2';
const ATOMICS = 'wasi:keyvalue/atomics@0.2.0-draft2';
const BATCH = 'wasi:keyvalue/batch@0.2.0-draft2';

/** `variant error { no-such-store, access-denied, other(string) }` */
export type WasiKeyValueError = { tag: 'no-such-store' } | { tag: 'access-denied' } | { tag: 'other'; val: string };

/** `record key-response { keys: list<string>, cursor: option<string> }` */
export interface KeyResponse {
  keys: string[];
  cursor: string | undefined;
}

/** The `wasi:keyvalue` interfaces for one instance. */
export function wasiKeyValue(services: GuestServices): Record<string, object> {
  /** `resource bucket`: one open store, reporting each call under the interface it came through. */
  class Bucket {
    readonly store: KeyValueHandle;
    readonly atomics: KeyValueHandle;
    readonly batch: KeyValueHandle;

    constructor(store: KeyValueHandle) {
      this.store = store;
      this.atomics = store.through(ATOMICS);
      this.batch = store.through(BATCH);
    }

    /** `get: func(key: string) -> result<option<list<u8>>, error>;` */
    get(key: string): WitResult<Uint8Array | undefined, WasiKeyValueError> {
      return result(this.store.get(key));
    }

    /** `set: func(key: string, value: list<u8>) -> result<_, error>;` */
    set(key: string, value: Uint8Array): WitResult<void, WasiKeyValueError> {
      return result(this.store.set(key, value));
    }

    /** `delete: func(key: string) -> result<_, error>;` */
    delete(key: string): WitResult<void, WasiKeyValueError> {
      return result(this.store.delete(key));
    }

    /** `exists: func(key: string) -> result<bool, error>;` */
    exists(key: string): WitResult<boolean, WasiKeyValueError> {
      return result(this.store.exists(key));
    }

    /** `list-keys: func(cursor: option<string>) -> result<key-response, error>;` */
    listKeys(cursor: string | undefined): WitResult<KeyResponse, WasiKeyValueError> {
      if (cursor !== undefined) return err({ tag: 'other', val: 'list_keys: cursor not supported' });
      const keys = this.store.keys();
      return keys.ok ? ok({ keys: keys.value, cursor: undefined }) : err({ tag: 'other', val: keys.message });
    }
  }

  /** `resource cas` */
  class Cas {
    readonly bucket: Bucket;
    readonly key: string;
    /** What `current` read; `undefined` when the key had no value or `current` was never called. */
    snapshot: Uint8Array | undefined;

    constructor(bucket: Bucket, key: string) {
      this.bucket = bucket;
      this.key = key;
    }

    /** `new: static func(bucket: borrow<bucket>, key: string) -> result<cas, error>;` */
    static new(bucket: Bucket, key: string): WitResult<Cas, WasiKeyValueError> {
      return ok(new Cas(bucket, key));
    }

    /** `current: func() -> result<option<list<u8>>, error>;` */
    current(): WitResult<Uint8Array | undefined, WasiKeyValueError> {
      const value = this.bucket.atomics.get(this.key, 'cas-current');
      if (value.ok) this.snapshot = value.value;
      return result(value);
    }
  }

  return {
    'wasi:keyvalue/store': {
      Bucket,
      /** `open: func(identifier: string) -> result<bucket, error>;` */
      open(identifier: string): WitResult<Bucket, WasiKeyValueError> {
        const opened = openKeyValue(services, STORE, identifier);
        if ('refused' in opened) return err({ tag: opened.refused === 'access-denied' ? 'access-denied' : 'no-such-store' });
        if ('failed' in opened) return err({ tag: 'other', val: opened.failed });
        return ok(new Bucket(opened.handle));
      },
    },
    'wasi:keyvalue/atomics': {
      Cas,
      /** `increment: func(bucket: borrow<bucket>, key: string, delta: s64) -> result<s64, error>;` */
      increment(bucket: Bucket, key: string, delta: bigint): WitResult<bigint, WasiKeyValueError> {
        return result(bucket.atomics.increment(key, delta));
      },
      /** `swap: func(cas: cas, value: list<u8>) -> result<_, cas-error>;` */
      swap(cas: Cas, value: Uint8Array): WitResult<void, CasError> {
        const swapped = cas.bucket.atomics.swap(cas.key, cas.snapshot, value);
        if (!swapped.ok) return err({ tag: 'store-error', val: { tag: 'other', val: swapped.message } });
        if (swapped.value) return ok(undefined);
        // Spin hands back a new cas with the value now stored already read (host.rs `swap`).
        const fresh = new Cas(cas.bucket, cas.key);
        const current = fresh.current();
        return current.tag === 'err' ? err({ tag: 'store-error', val: current.val }) : err({ tag: 'cas-failed', val: fresh });
      },
    },
    'wasi:keyvalue/batch': {
      /** `get-many: func(bucket: borrow<bucket>, keys: list<string>) -> result<list<tuple<string, option<list<u8>>>>, error>;` */
      getMany(bucket: Bucket, keys: string[]): WitResult<[string, Uint8Array | undefined][], WasiKeyValueError> {
        return result(bucket.batch.getMany(keys));
      },
      /** `set-many: func(bucket: borrow<bucket>, key-values: list<tuple<string, list<u8>>>) -> result<_, error>;` */
      setMany(bucket: Bucket, pairs: [string, Uint8Array][]): WitResult<void, WasiKeyValueError> {
        return result(bucket.batch.setMany(pairs));
      },
      /** `delete-many: func(bucket: borrow<bucket>, keys: list<string>) -> result<_, error>;` */
      deleteMany(bucket: Bucket, keys: string[]): WitResult<void, WasiKeyValueError> {
        return result(bucket.batch.deleteMany(keys));
      },
    },
  };
}

/** `variant cas-error { store-error(error), cas-failed(cas) }` */
type CasError = { tag: 'store-error'; val: WasiKeyValueError } | { tag: 'cas-failed'; val: object };

function result<T>(outcome: CallOutcome<T>): WitResult<T, WasiKeyValueError> {
  return outcome.ok ? ok(outcome.value) : err({ tag: 'other', val: outcome.message });
}
