/**
 * `fermyon:spin/key-value@2.0.0`: Spin's key-value stores, as the Spin JS SDK's
 * `@spinframework/spin-kv` calls them. Each store is a label the component must list in
 * its `key_value_stores`. Not `spin:key-value@3.0.0`: every function of it is a WASIp3
 * `async func`, which needs JSPI (see checkImports).
 */
import type { GuestServices } from './guest-services.js';
import { KeyValueHandle, openKeyValue } from './key-value-handle.js';
import type { CallOutcome } from './store-calls.js';
import { err, ok, type WitResult } from './wit-result.js';

const INTERFACE = 'fermyon:spin/key-value@2.0.0';

/** `variant error { store-table-full, no-such-store, access-denied, other(string) }` */
export type KeyValueError = { tag: 'store-table-full' } | { tag: 'no-such-store' } | { tag: 'access-denied' } | { tag: 'other'; val: string };

/** The `key-value` interface for one instance. */
export function spinKeyValue(services: GuestServices): Record<string, object> {
  /** `resource store` */
  class Store {
    readonly #handle: KeyValueHandle;

    constructor(handle: KeyValueHandle) {
      this.#handle = handle;
    }

    /** `open: static func(label: string) -> result<store, error>;` */
    static open(label: string): WitResult<Store, KeyValueError> {
      const opened = openKeyValue(services, INTERFACE, label);
      if ('handle' in opened) return ok(new Store(opened.handle));
      if ('refused' in opened) return err({ tag: opened.refused === 'access-denied' ? 'access-denied' : 'no-such-store' });
      return err({ tag: 'other', val: opened.failed });
    }

    /** `get: func(key: string) -> result<option<list<u8>>, error>;` */
    get(key: string): WitResult<Uint8Array | undefined, KeyValueError> {
      return result(this.#handle.get(key));
    }

    /** `set: func(key: string, value: list<u8>) -> result<_, error>;` */
    set(key: string, value: Uint8Array): WitResult<void, KeyValueError> {
      return result(this.#handle.set(key, value));
    }

    /** `delete: func(key: string) -> result<_, error>;` */
    delete(key: string): WitResult<void, KeyValueError> {
      return result(this.#handle.delete(key));
    }

    /** `exists: func(key: string) -> result<bool, error>;` */
    exists(key: string): WitResult<boolean, KeyValueError> {
      return result(this.#handle.exists(key));
    }

    /** `get-keys: func() -> result<list<string>, error>;` */
    getKeys(): WitResult<string[], KeyValueError> {
      return result(this.#handle.keys());
    }
  }
  return { 'fermyon:spin/key-value': { Store } };
}

function result<T>(outcome: CallOutcome<T>): WitResult<T, KeyValueError> {
  return outcome.ok ? ok(outcome.value) : err({ tag: 'other', val: outcome.message });
}
