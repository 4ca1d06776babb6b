import { parseFilter, type ParsedFilter } from './filter/parse-filter.js';
import type { TrafficRow } from './traffic-row.js';

/** What the traffic list shows: a filter query, parsed once when it changes (see renderer/filter/). */
export type TrafficFilter = ParsedFilter;

/** The filter that shows everything. */
export const NO_FILTER: TrafficFilter = parseFilter('');

const compiled = new WeakMap<TrafficFilter, (row: TrafficRow) => boolean>();

/** Whether the filter hides anything (a query whose every term is still being typed, or wrong, hides nothing). */
export function isFiltering(filter: TrafficFilter): boolean {
  return filter.terms.length > 0;
}

/**
 * Compiles `filter` into one predicate, once per filter: the terms that compare a field
 * first, those that search headers and bodies last, so most rows are decided before
 * their bodies are looked at.
 */
export function compileFilter(filter: TrafficFilter): (row: TrafficRow) => boolean {
  let predicate = compiled.get(filter);
  if (predicate === undefined) {
    const terms = [...filter.terms.filter((term) => !term.searchesText), ...filter.terms.filter((term) => term.searchesText)];
    predicate = (row) => {
      for (const term of terms) if (term.matches(row) === term.negated) return false;
      return true;
    };
    compiled.set(filter, predicate);
  }
  return predicate;
}
