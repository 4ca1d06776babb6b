/**
 * The shapes a contract method's arguments may take, as checks on values that arrived
 * over a transport (decoded JSON or a structured clone): the words for them live in
 * the contract's method table (`API_METHODS` in contract.ts), which composes these.
 */

import type { EventFilter, EventKind, StoreKind } from './events.js';

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
const DRAFT_KEYS = new Set(['method', 'pathWithQuery', 'headers', 'body']);
const PAGE_KEYS = new Set(['after', 'maxBytes', 'maxEvents']);
const RULE_KEYS = new Set(['name', 'enabled', 'match', 'action']);
const MATCH_KEYS = new Set(['url', 'component', 'method']);
const ACTION_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  stub: new Set(['status', 'headers', 'body', 'bodyFile']),
  delay: new Set(['ms']),
  fail: new Set(['error', 'afterBytes']),
  throttle: new Set(['bytesPerSecond']),
  pass: new Set(),
};
const STORE_KINDS: readonly StoreKind[] = ['key_value_stores', 'sqlite_databases'];

// Fails to compile when the event union gains a kind the list above does not name.
type Exhaustive<Missing extends never> = Missing;
type EventKindsListed = Exhaustive<Exclude<EventKind, (typeof EVENT_KINDS)[number]>>;

/** A string with at least one character. */
export function isNonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** An array of strings. */
export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `key_value_stores` or `sqlite_databases`. */
export function isStoreKind(value: unknown): value is StoreKind {
  return STORE_KINDS.includes(value as StoreKind);
}

/** An `AllowedHostsChange`: `{ save: boolean, actor?: 'agent' }`. */
export function isChange(value: unknown): boolean {
  return isRecord(value) && typeof value.save === 'boolean' && isOptionalActor(value.actor);
}

/** `RestartOptions`: `{ actor?: 'agent' }`. */
export function isRestartOptions(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).every((key) => key === 'actor') && isOptionalActor(value.actor);
}

function isOptionalActor(value: unknown): boolean {
  return value === undefined || value === 'agent';
}

/** An `EventFilter` with known keys and event kinds. */
export function isEventFilter(value: unknown): value is EventFilter {
  if (!isRecord(value) || Object.keys(value).some((key) => !FILTER_KEYS.has(key))) return false;
  const { kinds, component, traceId } = value;
  if (kinds !== undefined && !(Array.isArray(kinds) && kinds.every((kind) => (EVENT_KINDS as readonly unknown[]).includes(kind)))) return false;
  return (component === undefined || typeof component === 'string') && (traceId === undefined || typeof traceId === 'string');
}

/** An `EventPageRequest` with known keys and positive integer limits. */
export function isPageRequest(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).some((key) => !PAGE_KEYS.has(key))) return false;
  const { after, maxBytes, maxEvents } = value;
  return (after === undefined || typeof after === 'string') && isOptionalPositive(maxBytes) && isOptionalPositive(maxEvents);
}

/** A `KeyValueKeysQuery` with known keys and a positive integer limit. */
export function isKeysQuery(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).some((key) => !KEYS_QUERY_KEYS.has(key))) return false;
  const { prefix, after, limit } = value;
  return (prefix === undefined || typeof prefix === 'string') && (after === undefined || typeof after === 'string') && isOptionalPositive(limit);
}

/**
 * A `RequestDraft` (`whole`: method, path and headers present) or `ReplayChanges`
 * (`partial`: any of them) with known keys and values of the right types; what they
 * hold is checked by `requestDraftProblem`.
 */
export function isRequestDraft(value: unknown, form: 'whole' | 'partial'): boolean {
  if (!isRecord(value) || Object.keys(value).some((key) => !DRAFT_KEYS.has(key))) return false;
  const { method, pathWithQuery, headers, body } = value;
  if (form === 'whole' && (method === undefined || pathWithQuery === undefined || headers === undefined)) return false;
  return (
    (method === undefined || typeof method === 'string') &&
    (pathWithQuery === undefined || typeof pathWithQuery === 'string') &&
    (headers === undefined || isHeaderList(headers)) &&
    (body === undefined || body instanceof Uint8Array)
  );
}

/** A `HeaderList`: an array of `[name, value]` string pairs. */
export function isHeaderList(value: unknown): boolean {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string');
}

/**
 * A list of `OutboundRule`s with the right keys and value types; what they hold (a valid
 * pattern, a status in range, unique names) is checked by the rules loader.
 */
export function isOutboundRuleList(value: unknown): boolean {
  return Array.isArray(value) && value.every(isOutboundRule);
}

function isOutboundRule(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).some((key) => !RULE_KEYS.has(key))) return false;
  const { name, enabled, match, action } = value;
  if (typeof name !== 'string' || typeof enabled !== 'boolean' || !isRecord(match) || !isRecord(action)) return false;
  if (Object.keys(match).some((key) => !MATCH_KEYS.has(key)) || typeof match.url !== 'string') return false;
  if (!isOptionalString(match.component) || !isOptionalString(match.method)) return false;
  return isRuleAction(action);
}

function isRuleAction(action: Record<string, unknown>): boolean {
  const keys = ACTION_KEYS[String(action.kind)];
  if (keys === undefined || Object.keys(action).some((key) => key !== 'kind' && !keys.has(key))) return false;
  const { status, headers, body, bodyFile, ms, error, afterBytes, bytesPerSecond } = action;
  switch (action.kind) {
    case 'stub':
      return typeof status === 'number' && (headers === undefined || isHeaderList(headers)) && isOptionalString(body) && isOptionalString(bodyFile);
    case 'delay':
      return typeof ms === 'number';
    case 'fail':
      return typeof error === 'string' && (afterBytes === undefined || typeof afterBytes === 'number');
    case 'throttle':
      return typeof bytesPerSecond === 'number';
    default:
      return true;
  }
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalPositive(value: unknown): boolean {
  return value === undefined || (Number.isSafeInteger(value) && (value as number) > 0);
}
