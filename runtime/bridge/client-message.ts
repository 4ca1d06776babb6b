import type { ClientMessage } from '../api/bridge-protocol.js';
import type { EventFilter, EventKind, StoreKind } from '../api/events.js';
import { BridgeError } from './bridge-error.js';

/** A method a browser may call over the bridge. */
export type CallableMethod = Extract<ClientMessage, { type: 'call' }>['method'];

/** Every method a browser may call, in the order the contract declares them. */
export const CALLABLE_METHODS = [
  'status',
  'components',
  'events',
  'openProject',
  'recentProjects',
  'start',
  'stop',
  'restart',
  'clearEvents',
  'setAllowedHosts',
  'setStoreAccess',
  'keyValueStores',
  'keyValueKeys',
  'keyValueGet',
  'keyValueSet',
  'keyValueDelete',
  'discardSessionChanges',
  'replay',
  'learnAllowedHosts',
] as const;
const EVENT_KINDS = [
  'inbound.request',
  'inbound.response',
  'inbound.error',
  'outbound.request',
  'outbound.response',
  'outbound.error',
  'outbound.denied',
  'chain.hop',
  'guest.log',
  'kv.operation',
  'kv.denied',
  'sqlite.operation',
  'sqlite.denied',
  'host.unsupported',
  'app.loaded',
  'app.failed',
  'app.warning',
  'app.reloaded',
  'build.started',
  'build.output',
  'build.finished',
] as const;
const FILTER_KEYS = new Set(['kinds', 'component', 'traceId']);
const KEYS_QUERY_KEYS = new Set(['prefix', 'after', 'limit']);
const PAGE_KEYS = new Set(['after', 'maxBytes', 'maxEvents']);
const STORE_KINDS: readonly StoreKind[] = ['key_value_stores', 'sqlite_databases'];

// Compile-time checks that the lists above name every method and every kind.
type Exhaustive<Missing extends never> = Missing;
type CallableListed = Exhaustive<Exclude<CallableMethod, (typeof CALLABLE_METHODS)[number]>>;
type EventKindsListed = Exhaustive<Exclude<EventKind, (typeof EVENT_KINDS)[number]>>;

/** What each method's arguments must look like; a reason when they do not. */
const ARGUMENT_RULES: Record<CallableMethod, (args: readonly unknown[]) => string | undefined> = {
  status: noArguments,
  components: noArguments,
  recentProjects: noArguments,
  start: noArguments,
  stop: noArguments,
  restart: noArguments,
  clearEvents: noArguments,
  learnAllowedHosts: noArguments,
  events: (args) =>
    // An argument left out comes as undefined over IPC (structured clone keeps it).
    args.length <= 2 && (args[0] === undefined || isEventFilter(args[0])) && (args[1] === undefined || isPageRequest(args[1]))
      ? undefined
      : 'events takes an optional filter { kinds?, component?, traceId? } and an optional page { after?: the "next" of a page, maxBytes?: positive integer, maxEvents?: positive integer }',
  openProject: (args) => (args.length === 1 && typeof args[0] === 'string' && args[0] !== '' ? undefined : 'openProject takes one path, a non-empty string'),
  setAllowedHosts: (args) =>
    args.length === 3 && typeof args[0] === 'string' && isStringList(args[1]) && isRecord(args[2]) && typeof args[2].save === 'boolean'
      ? undefined
      : 'setAllowedHosts takes a component id, a list of entries (strings) and { save: boolean }',
  discardSessionChanges: (args) =>
    args.length === 0 || (args.length === 1 && typeof args[0] === 'string' && args[0] !== '') ? undefined : 'discardSessionChanges takes an optional component id, a non-empty string',
  replay: (args) => (args.length === 1 && typeof args[0] === 'string' && args[0] !== '' ? undefined : 'replay takes one trace id, a non-empty string'),
  setStoreAccess: (args) =>
    args.length === 4 && typeof args[0] === 'string' && STORE_KINDS.includes(args[1] as StoreKind) && isStringList(args[2]) && isRecord(args[3]) && typeof args[3].save === 'boolean'
      ? undefined
      : 'setStoreAccess takes a component id, "key_value_stores" or "sqlite_databases", a list of labels (strings) and { save: boolean }',
  keyValueStores: noArguments,
  keyValueKeys: (args) =>
    isNonEmpty(args[0]) && (args.length === 1 || (args.length === 2 && isKeysQuery(args[1])))
      ? undefined
      : 'keyValueKeys takes a store label (a non-empty string) and an optional { prefix?: string, after?: string, limit?: positive integer }',
  keyValueGet: (args) => (args.length === 2 && isNonEmpty(args[0]) && typeof args[1] === 'string' ? undefined : 'keyValueGet takes a store label (a non-empty string) and a key (a string)'),
  keyValueSet: (args) =>
    args.length === 3 && isNonEmpty(args[0]) && typeof args[1] === 'string' && args[2] instanceof Uint8Array
      ? undefined
      : 'keyValueSet takes a store label (a non-empty string), a key (a string) and a value (bytes)',
  keyValueDelete: (args) => (args.length === 2 && isNonEmpty(args[0]) && typeof args[1] === 'string' ? undefined : 'keyValueDelete takes a store label (a non-empty string) and a key (a string)'),
};

/**
 * Why `args` are not valid arguments for `method` (a contract method with no callback),
 * or undefined when they are. The Electron IPC binding checks its calls with the same rules.
 */
export function callArgumentsProblem(method: CallableMethod, args: readonly unknown[]): string | undefined {
  return ARGUMENT_RULES[method](args);
}

/** Id for answering a message that had no usable `id`; it matches no call. */
export const NO_MESSAGE_ID = -1;

/**
 * Checks a decoded frame against the protocol: a known `type`, a known method with
 * arguments of the right shape, or a known topic. Throws a {@link BridgeError} saying
 * what is wrong otherwise.
 */
export function parseClientMessage(value: unknown): ClientMessage {
  if (!isRecord(value)) throw new BridgeError('a message must be a JSON object with a "type"');
  if (value.type === 'subscribe' || value.type === 'unsubscribe') {
    if (value.topic !== 'events' && value.topic !== 'status') throw new BridgeError(`unknown topic ${JSON.stringify(value.topic)}; topics are "events" and "status"`);
    return { type: value.type, topic: value.topic };
  }
  if (value.type !== 'call') throw new BridgeError(`unknown message type ${JSON.stringify(value.type)}; use "call", "subscribe" or "unsubscribe"`);
  if (!Number.isSafeInteger(value.id)) throw new BridgeError('a call needs an integer "id"');
  const method = value.method;
  if (!isCallable(method)) throw new BridgeError(`unknown method ${JSON.stringify(method)}; methods are ${CALLABLE_METHODS.join(', ')}`);
  if (!Array.isArray(value.args)) throw new BridgeError(`${method} needs "args", an array`);
  const problem = callArgumentsProblem(method, value.args);
  if (problem !== undefined) throw new BridgeError(problem);
  return { type: 'call', id: value.id as number, method, args: value.args };
}

/** The `id` to answer a message with, even one that failed {@link parseClientMessage}. */
export function messageId(value: unknown): number {
  return isRecord(value) && Number.isSafeInteger(value.id) ? (value.id as number) : NO_MESSAGE_ID;
}

function noArguments(args: readonly unknown[]): string | undefined {
  return args.length === 0 ? undefined : 'this method takes no arguments';
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCallable(method: unknown): method is CallableMethod {
  return (CALLABLE_METHODS as readonly unknown[]).includes(method);
}

function isEventFilter(value: unknown): value is EventFilter {
  if (!isRecord(value) || Object.keys(value).some((key) => !FILTER_KEYS.has(key))) return false;
  const { kinds, component, traceId } = value;
  if (kinds !== undefined && !(Array.isArray(kinds) && kinds.every((kind) => (EVENT_KINDS as readonly unknown[]).includes(kind)))) return false;
  return (component === undefined || typeof component === 'string') && (traceId === undefined || typeof traceId === 'string');
}

function isPageRequest(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).some((key) => !PAGE_KEYS.has(key))) return false;
  const { after, maxBytes, maxEvents } = value;
  return (after === undefined || typeof after === 'string') && isOptionalPositive(maxBytes) && isOptionalPositive(maxEvents);
}

function isOptionalPositive(value: unknown): boolean {
  return value === undefined || (Number.isSafeInteger(value) && (value as number) > 0);
}

function isNonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isKeysQuery(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).some((key) => !KEYS_QUERY_KEYS.has(key))) return false;
  const { prefix, after, limit } = value;
  return (
    (prefix === undefined || typeof prefix === 'string') &&
    (after === undefined || typeof after === 'string') &&
    (limit === undefined || (Number.isSafeInteger(limit) && (limit as number) > 0))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
