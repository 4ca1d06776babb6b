/**
 * One open key-value store as a guest holds it, shared by Spin's key-value interface
 * and wasi:keyvalue (Spin dispatches both to one `KeyValueDispatch`, factor-key-value
 * host.rs): every operation is timed and reported as a `kv.operation` event, and a
 * backend failure comes back as the message of the interface's `other(...)` error.
 */
import type { KeyValueOperation } from '../api/events.js';
import type { GuestServices, KeyValueBackend } from './guest-services.js';
import { attempt, callTiming, captureValue, failureOf, KEY_VALUE, refuseOpen, type CallOutcome, type OpenRefusal } from './store-calls.js';

/** What opening a label gave: a handle, a refusal, or a backend failure's message. */
export type OpenedStore = { readonly handle: KeyValueHandle } | { readonly refused: OpenRefusal } | { readonly failed: string };

/** Opens `label` for a guest importing `iface`, as Spin's `open` does: grants first, then the store. */
export function openKeyValue(services: GuestServices, iface: string, label: string): OpenedStore {
  const started = performance.now();
  const refused = refuseOpen(services, KEY_VALUE, iface, label, started);
  if (refused !== undefined) return { refused };
  const outcome = attempt(() => services.openKeyValue(label));
  const handle = outcome.ok ? new KeyValueHandle(services, iface, label, outcome.value) : undefined;
  record(services, iface, label, 'open', started, outcome, {});
  return handle === undefined ? { failed: (outcome as { message: string }).message } : { handle };
}

export class KeyValueHandle {
  readonly label: string;
  readonly #services: GuestServices;
  readonly #iface: string;
  readonly #backend: KeyValueBackend;

  constructor(services: GuestServices, iface: string, label: string, backend: KeyValueBackend) {
    this.#services = services;
    this.#iface = iface;
    this.label = label;
    this.#backend = backend;
  }

  /** The same store, reporting its calls as made through `iface`. */
  through(iface: string): KeyValueHandle {
    return new KeyValueHandle(this.#services, iface, this.label, this.#backend);
  }

  get(key: string, operation: 'get' | 'cas-current' = 'get'): CallOutcome<Uint8Array | undefined> {
    return this.#call(operation, [key], () => this.#backend.get(key), (value) => ({
      result: value === undefined ? 'not found' : 'found',
      ...(value === undefined ? {} : { value: this.#capture(value) }),
    }));
  }

  set(key: string, value: Uint8Array): CallOutcome<void> {
    return this.#call('set', [key], () => this.#backend.set(key, value), () => ({ value: this.#capture(value) }));
  }

  delete(key: string): CallOutcome<void> {
    return this.#call('delete', [key], () => this.#backend.delete(key), () => ({}));
  }

  exists(key: string): CallOutcome<boolean> {
    return this.#call('exists', [key], () => this.#backend.exists(key), (found) => ({ result: String(found) }));
  }

  keys(): CallOutcome<string[]> {
    return this.#call('get-keys', undefined, () => this.#backend.keys(), (keys) => ({ result: `${keys.length} ${keys.length === 1 ? 'key' : 'keys'}` }));
  }

  increment(key: string, delta: bigint): CallOutcome<bigint> {
    return this.#call('increment', [key], () => this.#backend.increment(key, delta), (value) => ({ result: String(value) }));
  }

  swap(key: string, expected: Uint8Array | undefined, value: Uint8Array): CallOutcome<boolean> {
    return this.#call('cas-swap', [key], () => this.#backend.swap(key, expected, value), (swapped) => ({
      value: this.#capture(value),
      result: swapped ? 'swapped' : 'changed by another writer',
    }));
  }

  getMany(keys: readonly string[]): CallOutcome<[string, Uint8Array][]> {
    return this.#call('get-many', keys, () => this.#backend.getMany(keys), (found) => ({
      result: `${found.length} of ${keys.length} found`,
      ...(found[0] === undefined ? {} : { value: this.#capture(found[0][1]) }),
    }));
  }

  setMany(pairs: readonly (readonly [string, Uint8Array])[]): CallOutcome<void> {
    return this.#call('set-many', pairs.map(([key]) => key), () => this.#backend.setMany(pairs), () => (pairs[0] === undefined ? {} : { value: this.#capture(pairs[0][1]) }));
  }

  deleteMany(keys: readonly string[]): CallOutcome<void> {
    return this.#call('delete-many', keys, () => this.#backend.deleteMany(keys), () => ({}));
  }

  #capture(value: Uint8Array) {
    return captureValue(value, this.#services.captureLimit);
  }

  #call<T>(operation: KeyValueOperation, keys: readonly string[] | undefined, run: () => T, describe: (value: T) => OperationDetails): CallOutcome<T> {
    const started = performance.now();
    const outcome = attempt(run);
    record(this.#services, this.#iface, this.label, operation, started, outcome, outcome.ok ? describe(outcome.value) : {}, keys);
    return outcome;
  }
}

type OperationDetails = { result?: string; value?: ReturnType<typeof captureValue> };

function record(
  services: GuestServices,
  iface: string,
  store: string,
  operation: KeyValueOperation,
  started: number,
  outcome: CallOutcome<unknown>,
  details: OperationDetails,
  keys?: readonly string[],
): void {
  services.record({
    kind: 'kv.operation',
    ...callTiming(started),
    interface: iface,
    store,
    operation,
    ...(keys === undefined ? {} : { keys: [...keys] }),
    ...details,
    ...failureOf(outcome, 'other'),
  });
}
