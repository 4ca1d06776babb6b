import { FILTER_KEYS, filterKey, type FilterKey } from '../../runtime/traffic/filter/filter-keys.js';
import type { FilterVocabulary } from './filter-vocabulary.js';
import { termParts } from '../../runtime/traffic/filter/parse-filter.js';
import { tokenizeFilter, unquote } from '../../runtime/traffic/filter/tokenize-filter.js';

/** How many suggestions the list shows at once. */
export const SUGGESTION_LIMIT = 10;

/** One entry of the suggestions list. */
export interface FilterSuggestion {
  /** What the list shows and what picking it inserts. */
  readonly text: string;
  /** A few words on what it means. */
  readonly detail: string;
  /** Once inserted the term is whole (the list closes); otherwise a value comes next (`status:`). */
  readonly complete: boolean;
}

/** What can complete the query at the caret, and the span of the query a pick replaces. */
export interface FilterCompletion {
  readonly from: number;
  readonly to: number;
  readonly suggestions: readonly FilterSuggestion[];
  /** Nothing is typed at the caret yet (the list then opens only when asked for). */
  readonly empty: boolean;
}

/** Where suggested values come from besides the keys' own: the session's values and the app's components. */
export interface SuggestionSources {
  readonly vocabulary: FilterVocabulary;
  readonly components: readonly string[];
}

const NONE = (caret: number): FilterCompletion => ({ from: caret, to: caret, suggestions: [], empty: true });

/**
 * Suggests what completes the term at `caret`: a key (`st` → `status:`, `duration>`,
 * `has-error`) while the key is typed, then that key's values (its own, such as `4xx`,
 * and those seen in the session, such as hosts and header names), for the item of a
 * comma list the caret is in.
 */
export function suggestFilter(text: string, caret: number, sources: SuggestionSources): FilterCompletion {
  const token = tokenizeFilter(text).find((candidate) => candidate.start <= caret && caret <= candidate.end);
  if (token === undefined) return { ...NONE(caret), suggestions: keySuggestions(''), empty: true };
  const offset = caret - token.start;
  const parts = termParts(token.raw);
  if (offset < parts.bodyStart) return NONE(caret);
  if (parts.key === undefined || offset < parts.valueStart) {
    const typed = token.raw.slice(parts.bodyStart, offset).toLowerCase();
    const whole = token.raw.slice(parts.bodyStart).toLowerCase();
    const suggestions = /^[a-z-]*$/.test(typed) ? keySuggestions(typed).filter((suggestion) => suggestion.text !== whole) : [];
    return { from: token.start + parts.bodyStart, to: parts.key === undefined ? token.end : token.start + parts.valueStart, suggestions, empty: typed === '' };
  }
  const key = filterKey(parts.key);
  if (key === undefined || parts.operator === undefined || !key.operators.includes(parts.operator)) return NONE(caret);
  const value = token.raw.slice(parts.valueStart);
  const at = offset - parts.valueStart;
  // The comma-list item the caret is in; for a header, just its name (before any `=`).
  const itemStart = key.list ? value.lastIndexOf(',', at - 1) + 1 : 0;
  const nextComma = key.list ? value.indexOf(',', at) : -1;
  let itemEnd = nextComma < 0 ? value.length : nextComma;
  if (key.name === 'header') {
    const equals = value.indexOf('=');
    if (equals >= 0 && equals < at) return NONE(caret);
    if (equals >= 0) itemEnd = equals;
  }
  const typed = unquote(value.slice(itemStart, at)).toLowerCase();
  const others = new Set(key.list ? value.split(',').map((item) => unquote(item).trim().toLowerCase()) : []);
  others.delete(typed);
  const suggestions = valuesOf(key, sources)
    .map((candidate) => ({ candidate, value: unquote(candidate.text).toLowerCase() }))
    .filter(({ value }) => !others.has(value) && value !== typed)
    .map(({ candidate, value }) => ({ candidate, rank: rankOf(value, typed) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, SUGGESTION_LIMIT)
    .map(({ candidate }) => candidate);
  return { from: token.start + parts.valueStart + itemStart, to: token.start + parts.valueStart + itemEnd, suggestions, empty: false };
}

/** The query with `suggestion` put in `completion`'s span, and where the caret goes: after it, past a space when it ends the query and the term is whole. */
export function applySuggestion(text: string, completion: FilterCompletion, suggestion: FilterSuggestion): { text: string; caret: number } {
  const before = text.slice(0, completion.from) + suggestion.text;
  const after = text.slice(completion.to);
  if (suggestion.complete && after === '') return { text: `${before} `, caret: before.length + 1 };
  return { text: before + after, caret: before.length };
}

function keySuggestions(typed: string): FilterSuggestion[] {
  return FILTER_KEYS.flatMap((key): FilterSuggestion[] => {
    const names = [key.name, ...(key.aliases ?? [])];
    // An alias is offered only to someone typing it (`domain` → `domain:`).
    const name = names.find((candidate) => candidate.startsWith(typed) && (candidate === key.name || !key.name.startsWith(typed)));
    if (name === undefined) return [];
    if (key.operators.length === 0) return [{ text: name, detail: key.description, complete: true }];
    // `>=` and `<=` are there for those who type them; the list offers the two that read best.
    return key.operators.slice(0, 2).map((operator) => ({ text: `${name}${operator}`, detail: key.description, complete: false }));
  });
}

function valuesOf(key: FilterKey, sources: SuggestionSources): FilterSuggestion[] {
  const seen = key.seen === undefined ? [] : key.seen === 'components' ? [...sources.components, ...sources.vocabulary.values('components')] : sources.vocabulary.values(key.seen);
  const ordered = key.seen === 'statuses' ? [...seen].sort() : seen;
  const texts = new Map<string, FilterSuggestion>();
  for (const text of key.values ?? []) texts.set(text.toLowerCase(), { text, detail: key.name, complete: true });
  // A value with a space (a rule's name) goes in quotes, or it would end the term.
  for (const text of ordered) if (!texts.has(text.toLowerCase())) texts.set(text.toLowerCase(), { text: /\s/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text, detail: 'seen this session', complete: true });
  return [...texts.values()];
}

/**
 * 0 when `candidate` starts with what is typed, 1 when it contains two or more typed
 * characters elsewhere (`example` finds `api.example.com`), -1 otherwise.
 */
function rankOf(candidate: string, typed: string): number {
  if (candidate.startsWith(typed)) return 0;
  return typed.length >= 2 && candidate.includes(typed) ? 1 : -1;
}
