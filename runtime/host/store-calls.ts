/**
 * What Spin's key-value and SQLite interfaces share: opening a label the component may
 * or may not use (Spin checks the component's list first, then whether the label is
 * defined: factor-key-value host.rs `open`, factor-sqlite host.rs `open_impl`), timing
 * and reporting every call, and turning a backend failure into the interface's error.
 */
import type { CapturedBody, HostCallError, StoreKind } from '../api/events.js';
import { isStoreFailure, type GuestServices } from './guest-services.js';

/** Why an open was refused, as both interfaces' error variants spell it. */
export type OpenRefusal = 'access-denied' | 'no-such-store' | 'no-such-database';

/** The two kinds of labelled storage a component is granted. */
interface StoreKindInfo {
  readonly field: StoreKind;
  readonly noun: string;
  readonly missing: OpenRefusal;
  readonly runtimeConfigTable: string;
  readonly event: 'kv.denied' | 'sqlite.denied';
}

export const KEY_VALUE: StoreKindInfo = {
  field: 'key_value_stores',
  noun: 'key-value store',
  missing: 'no-such-store',
  runtimeConfigTable: 'key_value_store',
  event: 'kv.denied',
};

export const SQLITE: StoreKindInfo = {
  field: 'sqlite_databases',
  noun: 'SQLite database',
  missing: 'no-such-database',
  runtimeConfigTable: 'sqlite_database',
  event: 'sqlite.denied',
};

/**
 * Checks `label` against the component's grants and the app's labels; reports and
 * returns the refusal, or undefined when the component may open it.
 */
export function refuseOpen(services: GuestServices, kind: StoreKindInfo, iface: string, label: string, started: number): OpenRefusal | undefined {
  const granted = kind === KEY_VALUE ? services.grants().keyValueStores : services.grants().sqliteDatabases;
  const defined = kind === KEY_VALUE ? services.keyValueLabels : services.sqliteLabels;
  let refusal: OpenRefusal;
  if (!granted.includes(label)) refusal = 'access-denied';
  else if (!defined.includes(label)) refusal = kind.missing;
  else return undefined;
  const isDefined = defined.includes(label);
  const where = `the component's ${kind.field}`;
  const message = isDefined
    ? `The component may not open ${kind.noun} "${label}": it is not in ${where} (${list(granted)}). To allow it, add "${label}" to ${kind.field}.`
    : `The component may not open ${kind.noun} "${label}": the app defines no ${kind.noun} of that label (it has ${list(defined)}). ` +
      `Use one of those, or define [${kind.runtimeConfigTable}.${label}] in a runtime config file (--runtime-config-file) and add "${label}" to ${kind.field}.`;
  services.record({
    kind: kind.event,
    ...callTiming(started),
    interface: iface,
    error: { tag: refusal },
    field: kind.field,
    label,
    granted,
    defined,
    message,
    ...(isDefined ? { suggestion: label } : {}),
  });
  return refusal;
}

/** A backend call's outcome: its value, or the failure's message for the guest's `other(...)` / `io(...)`. */
export type CallOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * When a host call that began at `started` (performance.now()) ended, and how long it took,
 * read from one clock. Its row is placed at `time - durationMs`: a whole-millisecond
 * Date.now() less a sub-millisecond duration could place a call before the one the guest
 * made just ahead of it.
 */
export function callTiming(started: number): { readonly time: number; readonly durationMs: number } {
  const ended = performance.now();
  return { time: performance.timeOrigin + ended, durationMs: ended - started };
}

/** Runs `call`, catching only the failures backends throw on purpose (anything else traps the guest). */
export function attempt<T>(call: () => T): CallOutcome<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    if (!isStoreFailure(error)) throw error;
    return { ok: false, message: error.message };
  }
}

/** The event form of a failed outcome. */
export function failureOf(outcome: CallOutcome<unknown>, tag: string): { error?: HostCallError } {
  return outcome.ok ? {} : { error: { tag, message: outcome.message } };
}

/** The first `limit` bytes of a value, copied, with its true size: how events keep values. */
export function captureValue(bytes: Uint8Array, limit: number): CapturedBody {
  const captured = bytes.slice(0, limit);
  return { captured, size: bytes.byteLength, truncated: captured.byteLength < bytes.byteLength };
}

function list(labels: readonly string[]): string {
  return labels.length === 0 ? 'none' : labels.map((label) => `"${label}"`).join(', ');
}
