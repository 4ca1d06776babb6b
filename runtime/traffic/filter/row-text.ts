import type { CapturedBody, HeaderList } from '../../api/events.js';
import { isRequestRow, requestBodyOf, rowOwnText, type TrafficRow } from '../traffic-row.js';

/** How much of each body the filter searches: enough for any API payload, without copying large downloads. */
export const BODY_SEARCH_BYTES = 64 * 1024;

/** A row's headers, names and values lower-cased, request headers first. */
export type LowerHeaders = readonly (readonly [name: string, value: string])[];

/** Everything a row's text terms search, lower-cased, in one string: its own text, then `name: value` header lines, then its bodies. */
interface RowText {
  readonly text: string;
  /** Where the bodies begin in `text`. */
  readonly bodyStart: number;
  readonly headers: LowerHeaders;
}

// Rows are immutable (an update makes a new row), so a row's text never goes stale, and
// an evicted or replaced row's entry goes with it.
const cache = new WeakMap<TrafficRow, RowText>();
const decoder = new TextDecoder();

/** All the row's searchable text, lower-cased: method, URL, component, status and such, headers, bodies. */
export function rowSearchText(row: TrafficRow): string {
  return textOf(row).text;
}

/** The row's request and response headers, lower-cased. */
export function rowHeaders(row: TrafficRow): LowerHeaders {
  return textOf(row).headers;
}

/** Whether the row's request or response body (a key-value call's value), in its first {@link BODY_SEARCH_BYTES}, contains `needle` (lower-case). */
export function bodyIncludes(row: TrafficRow, needle: string): boolean {
  const { text, bodyStart } = textOf(row);
  return text.indexOf(needle, bodyStart) >= 0;
}

/** Computed once per row, the first time a text term asks. */
function textOf(row: TrafficRow): RowText {
  let text = cache.get(row);
  if (text === undefined) {
    const headers = headerListsOf(row).flatMap((list) => list.map(([name, value]) => [name.toLowerCase(), value.toLowerCase()] as const));
    const head = [rowOwnText(row), ...headers.map(([name, value]) => `${name}: ${value}`)].join('\n');
    const bodies = bodiesOf(row).map((body) => decoder.decode(body.captured.subarray(0, BODY_SEARCH_BYTES)).toLowerCase());
    // A newline between parts, so a word never spans two of them.
    text = { text: [head, ...bodies].join('\n'), bodyStart: head.length + 1, headers };
    cache.set(row, text);
  }
  return text;
}

function headerListsOf(row: TrafficRow): HeaderList[] {
  if (!isRequestRow(row)) return [];
  return row.response === undefined ? [row.request.headers] : [row.request.headers, row.response.headers];
}

function bodiesOf(row: TrafficRow): CapturedBody[] {
  if (isRequestRow(row)) return [requestBodyOf(row), row.response?.body].filter((body): body is CapturedBody => body !== undefined && body.size > 0);
  if (row.kind === 'kv' && row.event.kind === 'kv.operation' && row.event.value !== undefined) return [row.event.value];
  return [];
}
