import { rowRule } from '../row-rule.js';
import { rowComponents } from '../traffic-row.js';
import { hasError, matchDecision, matchDuration, matchHost, matchKinds, matchLargerThan, matchStatus } from './field-matchers.js';
import { parseDuration, parseSize } from './filter-quantities.js';
import { matchBody, matchHeader, type RowMatcher } from './text-matchers.js';

/** What joins a key to its value: `status:404`, `duration>200ms`. */
export type FilterOperator = ':' | '>' | '<' | '>=' | '<=';

/** The session's values a key's suggestions offer. */
export type SeenValues = 'components' | 'methods' | 'hosts' | 'statuses' | 'headers' | 'rules';

/** A key of the filter language. */
export interface FilterKey {
  readonly name: string;
  /** Other names it answers to (DevTools' own, e.g. `status-code`). */
  readonly aliases?: readonly string[];
  /** The operators it takes; none for a flag such as `has-error`. */
  readonly operators: readonly FilterOperator[];
  /** What it keeps, for the suggestions list. */
  readonly description: string;
  /** Values it always offers. */
  readonly values?: readonly string[];
  /** Values seen in the session it also offers. */
  readonly seen?: SeenValues;
  /** It searches headers or bodies rather than comparing a field. */
  readonly searchesText?: true;
  /** Its value may be a comma list, any item of which matches (`status:404,500`). */
  readonly list?: true;
  /** The matcher for `value` (never empty), or what is wrong with the value. */
  compile(value: string, operator: FilterOperator): RowMatcher | string;
}

/** The kinds `kind:` takes; a denial is a `decision:`, not a kind. */
export const ROW_KINDS = ['inbound', 'outbound', 'chain', 'kv', 'sqlite', 'api', 'reload', 'build'] as const;

const STATUS_WORDS = ['2xx', '3xx', '4xx', '5xx', '1xx', 'failed', 'pending'];

/** Every key, in the order suggestions list them. */
export const FILTER_KEYS: readonly FilterKey[] = [
  {
    name: 'status',
    list: true,
    aliases: ['status-code'],
    operators: [':'],
    description: 'HTTP status or class: 404, 4xx, 404,500; failed, pending',
    values: STATUS_WORDS,
    seen: 'statuses',
    compile: (value) => anyOf(value, matchStatus),
  },
  {
    name: 'method',
    list: true,
    operators: [':'],
    description: 'HTTP method (KV, SQL for host calls)',
    seen: 'methods',
    compile: (value) => {
      const methods = new Set(listOf(value).map((method) => method.toUpperCase()));
      return (row) => methods.has(row.method.toUpperCase());
    },
  },
  {
    name: 'host',
    list: true,
    aliases: ['domain'],
    operators: [':'],
    description: 'part of the host; * matches any characters',
    seen: 'hosts',
    compile: (value) => anyOf(value, matchHost),
  },
  {
    name: 'url',
    operators: [':'],
    description: 'part of the URL (or a host call’s subject)',
    compile: (value) => {
      const needle = value.toLowerCase();
      return (row) => row.url.toLowerCase().includes(needle);
    },
  },
  {
    name: 'component',
    list: true,
    operators: [':'],
    description: 'the component the row concerns',
    seen: 'components',
    compile: (value) => {
      const components = new Set(listOf(value).map((component) => component.toLowerCase()));
      return (row) => rowComponents(row).some((component) => components.has(component.toLowerCase()));
    },
  },
  {
    name: 'kind',
    list: true,
    operators: [':'],
    description: 'inbound, outbound, chain, kv, sqlite, api (other Spin APIs), reload, build',
    values: ROW_KINDS,
    compile: (value) => {
      const kinds = listOf(value).map((kind) => kind.toLowerCase());
      if (kinds.includes('denied')) return '`denied` is a decision, not a kind: use `decision:denied`';
      const unknown = kinds.find((kind) => !(ROW_KINDS as readonly string[]).includes(kind));
      if (unknown !== undefined) return `unknown kind \`${unknown}\`; kinds are ${ROW_KINDS.join(', ')}`;
      return matchKinds(new Set(kinds));
    },
  },
  {
    name: 'decision',
    list: true,
    operators: [':'],
    description: 'allowed or denied by the component’s permissions',
    values: ['denied', 'allowed'],
    compile: (value) => anyOf(value, matchDecision),
  },
  {
    name: 'rule',
    list: true,
    operators: [':'],
    description: 'acted on by this outbound rule (its name), or by any',
    values: ['any'],
    seen: 'rules',
    compile: (value) => {
      const names = new Set(listOf(value).map((name) => name.toLowerCase()));
      return (row) => {
        const rule = rowRule(row);
        return rule !== undefined && (names.has('any') || names.has(rule.name.toLowerCase()));
      };
    },
  },
  {
    name: 'has-error',
    operators: [],
    description: 'failed: a request or host call that got an error, a failed reload or build',
    compile: () => hasError,
  },
  {
    name: 'larger-than',
    operators: [':'],
    description: 'response (or key-value value) larger than: 500, 1k, 2M',
    values: ['1k', '10k', '100k', '1M'],
    compile: (value) => {
      const bytes = parseSize(value);
      return bytes === undefined ? `\`${value}\` is no size; write bytes or 1k, 2M` : matchLargerThan(bytes);
    },
  },
  {
    name: 'duration',
    operators: ['>', '<', '>=', '<='],
    description: 'took more (>) or less (<) than: 200, 200ms, 1.5s',
    values: ['10ms', '100ms', '1s'],
    compile: (value, operator) => {
      const ms = parseDuration(value);
      return ms === undefined ? `\`${value}\` is no duration; write 200, 200ms or 1.5s` : matchDuration(operator, ms);
    },
  },
  {
    name: 'header',
    operators: [':'],
    description: 'a request or response header: name, or name=part of its value',
    seen: 'headers',
    searchesText: true,
    compile: (value) => {
      const equals = value.indexOf('=');
      const name = (equals < 0 ? value : value.slice(0, equals)).trim();
      if (name === '') return 'name the header: `header:content-type=json`';
      return matchHeader(name, equals < 0 ? undefined : value.slice(equals + 1));
    },
  },
  {
    name: 'body',
    operators: [':'],
    description: 'text in the request or response body',
    searchesText: true,
    compile: (value) => matchBody(value),
  },
];

const KEYS_BY_NAME = new Map(FILTER_KEYS.flatMap((key) => [key.name, ...(key.aliases ?? [])].map((name) => [name, key] as const)));

/** The key named `name` (or one of its aliases), ignoring case. */
export function filterKey(name: string): FilterKey | undefined {
  return KEYS_BY_NAME.get(name.toLowerCase());
}

/** The key `name` was most likely meant to be, when it is a near miss of one (a typo such as `stauts`). */
export function closestKey(name: string): FilterKey | undefined {
  const lower = name.toLowerCase();
  let best: { key: FilterKey; distance: number } | undefined;
  for (const [candidate, key] of KEYS_BY_NAME) {
    const distance = editDistance(lower, candidate);
    if (distance <= Math.min(2, Math.floor(candidate.length / 3)) && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

/** A term whose value is a comma list: a row passes when any item matches; the first bad item is the error. */
function anyOf(value: string, compileItem: (item: string) => RowMatcher | string): RowMatcher | string {
  const matchers: RowMatcher[] = [];
  for (const item of listOf(value)) {
    const matcher = compileItem(item);
    if (typeof matcher === 'string') return matcher;
    matchers.push(matcher);
  }
  return matchers.length === 1 ? matchers[0]! : (row) => matchers.some((matcher) => matcher(row));
}

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`: `stauts` is one from `status`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
