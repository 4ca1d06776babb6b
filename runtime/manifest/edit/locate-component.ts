import { pathKey, TomlScanner, type KeyValueSpan, type TomlPath } from '../toml-scanner.js';

/** A key's value and, when it is an array, where each element is written. */
export interface LocatedPair extends KeyValueSpan {
  readonly elements: readonly { readonly start: number; readonly end: number }[];
}

/** Where one component's table and one of its lists are written in a manifest. */
export interface ComponentLocation {
  /** The list's key and value. */
  readonly list?: LocatedPair;
  /** The list's legacy key (`allowed_http_hosts` for `allowed_outbound_hosts`) and value. */
  readonly legacyList?: LocatedPair;
  /** The component written as `<id> = { ... }`: the braces' span and the pairs inside. */
  readonly inlineTable?: { readonly start: number; readonly end: number; readonly pairs: readonly KeyValueSpan[] };
  /** The last pair on its own line that sets a field of the component (`source = ...`, `<id>.source = ...`). */
  readonly lastPair?: KeyValueSpan;
  /** Offset of the `[component.<id>]` header. */
  readonly header?: number;
}

/** Scans `text` for where component `id` of a v2 manifest and its list `key` (or `legacyKey`) are written. */
export function locateComponent(text: string, id: string, key: string, legacyKey?: string): ComponentLocation {
  const component: TomlPath = ['component', id];
  const listPath = pathKey([...component, key]);
  const legacyPath = legacyKey === undefined ? undefined : pathKey([...component, legacyKey]);
  const elements = new Map<string, { start: number; end: number }[]>();
  const inlinePairs: KeyValueSpan[] = [];
  const location: { -readonly [K in keyof ComponentLocation]: ComponentLocation[K] } = {};
  new TomlScanner(text, {
    written: () => undefined,
    header: (path, offset) => {
      if (pathKey(path) === pathKey(component)) location.header ??= offset;
    },
    value: (path, start, end) => {
      if (path.length === 4 && typeof path[3] === 'number') {
        const parent = pathKey(path.slice(0, 3));
        elements.set(parent, [...(elements.get(parent) ?? []), { start, end }]);
      }
      if (pathKey(path) === pathKey(component) && text[start] === '{') location.inlineTable = { start, end, pairs: inlinePairs };
    },
    keyValue: (pair) => {
      const full = [...pair.table, ...pair.keys];
      const path = pathKey(full);
      if (path === listPath) location.list = { ...pair, elements: elements.get(path) ?? [] };
      if (path === legacyPath) location.legacyList = { ...pair, elements: elements.get(path) ?? [] };
      if (pair.inline && pathKey(pair.table) === pathKey(component)) inlinePairs.push(pair);
      if (!pair.inline && full.length > 2 && startsWith(full, component) && startsWith(component, pair.table)) location.lastPair = pair;
    },
  }).document();
  return location;
}

function startsWith(path: TomlPath, prefix: TomlPath): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}
