import type { TrafficRow } from '../traffic-row.js';
import { bodyIncludes, rowHeaders, rowSearchText } from './row-text.js';

/** Whether a row passes one term of a filter. */
export type RowMatcher = (row: TrafficRow) => boolean;

/**
 * A free word (or quoted phrase): found, ignoring case, in the row's method, URL,
 * component, status, suggested entry or host call text, in its headers, or in its bodies.
 */
export function matchText(word: string): RowMatcher {
  const needle = word.toLowerCase();
  return (row) => rowSearchText(row).includes(needle);
}

/**
 * A regular expression, ignoring case, tried on the URL as shown (so `^` and `$` anchor
 * it), then on the same text as {@link matchText}, where `^` and `$` anchor its lines.
 * Throws a `SyntaxError` when `source` is no regular expression.
 */
export function matchRegex(source: string): RowMatcher {
  const url = new RegExp(source, 'i');
  const lines = new RegExp(source, 'im');
  return (row) => url.test(row.url) || lines.test(rowSearchText(row));
}

/** Text found, ignoring case, in the request or response body (or a key-value call's value). */
export function matchBody(text: string): RowMatcher {
  const needle = text.toLowerCase();
  return (row) => bodyIncludes(row, needle);
}

/** A request or response header named `name`, whose value, when `value` is given, contains it (both ignoring case). */
export function matchHeader(name: string, value: string | undefined): RowMatcher {
  const wanted = name.toLowerCase();
  const needle = value?.toLowerCase();
  return (row) => rowHeaders(row).some(([headerName, headerValue]) => headerName === wanted && (needle === undefined || headerValue.includes(needle)));
}
