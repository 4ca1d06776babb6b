/**
 * Matchers over one field of a row (its kind, status, host, size, duration...), for
 * the keys of `filter-keys.ts`. A value a key cannot take comes back as the message
 * saying so.
 */
import { isFailedCall } from '../host-call-rows.js';
import { isDenialRow, isHostCallRow, isRequestRow, rowDuration, rowSize, rowStatus, type TrafficRow } from '../traffic-row.js';
import type { FilterOperator } from './filter-keys.js';
import type { RowMatcher } from './text-matchers.js';

/** `status:` one item: a code (404), a class (4xx), `failed` (denied, errored, a failed reload or build) or `pending`. */
export function matchStatus(value: string): RowMatcher | string {
  const lower = value.toLowerCase();
  if (/^\d{3}$/.test(lower)) {
    const code = Number(lower);
    return (row) => rowStatus(row) === code;
  }
  if (/^[1-5]xx$/.test(lower)) {
    const floor = Number(lower[0]) * 100;
    return (row) => {
      const status = rowStatus(row);
      return typeof status === 'number' && status >= floor && status < floor + 100;
    };
  }
  if (lower === 'failed') {
    return (row) => {
      const status = rowStatus(row);
      return status === 'DENIED' || status === 'ERROR' || status === 'FAILED';
    };
  }
  if (lower === 'pending') return (row) => rowStatus(row) === undefined;
  if (lower === 'denied') return '`denied` is a decision: use `decision:denied`';
  return `\`${value}\` is no status; write a code (404), a class (4xx), failed or pending`;
}

/** `kind:` with its (lower-case, valid) kinds: a denied HTTP request is still an outbound call or a chain hop. */
export function matchKinds(kinds: ReadonlySet<string>): RowMatcher {
  return (row) => kinds.has(row.kind !== 'denied' ? row.kind : row.hop === undefined ? 'outbound' : 'chain');
}

/** `decision:` one item: `denied`, or `allowed` for the rows the permissions let through. */
export function matchDecision(decision: string): RowMatcher | string {
  switch (decision.toLowerCase()) {
    case 'denied':
      return isDenialRow;
    case 'allowed':
      return (row) => wentThroughPolicy(row) && !isDenialRow(row);
    default:
      return `unknown decision \`${decision}\`; it is \`allowed\` or \`denied\``;
  }
}

/** `has-error`: the row ended in an error the guest or the dev loop saw; a denial is no error here (it has `decision:denied`). */
export function hasError(row: TrafficRow): boolean {
  switch (row.kind) {
    case 'reload':
      return row.event.kind === 'app.failed';
    case 'build':
      return row.finished?.ok === false;
    case 'kv':
    case 'sqlite':
    case 'api':
      return !isDenialRow(row) && isFailedCall(row.event);
    default:
      return row.error !== undefined;
  }
}

/** `host:` one item: part of the host, or with `*` the whole host as a pattern, ignoring case. */
export function matchHost(pattern: string): RowMatcher {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (row) => row.host.toLowerCase().includes(lower);
  const glob = new RegExp(`^${lower.split('*').map(escapeRegex).join('.*')}$`);
  return (row) => glob.test(row.host.toLowerCase());
}

/** `larger-than:` a response (or key-value value) of more than `bytes`; a row with none never is. */
export function matchLargerThan(bytes: number): RowMatcher {
  return (row) => (rowSize(row) ?? -1) > bytes;
}

/** `duration>` and friends: took more (or less) than `ms`; a row still running never matches. */
export function matchDuration(operator: FilterOperator, ms: number): RowMatcher {
  return (row) => {
    const duration = rowDuration(row);
    return duration !== undefined && compare(duration, operator, ms);
  };
}

/** Rows the component's permissions decided on: outbound calls and host calls (inbound requests, reloads and builds are not checked). */
function wentThroughPolicy(row: TrafficRow): boolean {
  return isHostCallRow(row) || (isRequestRow(row) && row.request.kind === 'outbound.request');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compare(actual: number, operator: FilterOperator, limit: number): boolean {
  switch (operator) {
    case '>':
      return actual > limit;
    case '<':
      return actual < limit;
    case '>=':
      return actual >= limit;
    case '<=':
      return actual <= limit;
    case ':':
      return actual === limit;
  }
}
