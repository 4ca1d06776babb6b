import { isDenialRow, rowComponents, rowStatus, type RowKind, type TrafficRow } from './traffic-row.js';

/** A class of outcomes the status filter offers. */
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'failed' | 'pending';

/** What the traffic list shows; an empty field matches everything. */
export interface TrafficFilter {
  /** A component the row concerns (a reload concerns every component it changed). */
  readonly component: string;
  /** Kinds to show (`denied` shows every denial: HTTP, store, database, other interface); empty shows every kind. */
  readonly kinds: readonly RowKind[];
  readonly statusClass: StatusClass | '';
  readonly method: string;
  /** A substring of the host. */
  readonly host: string;
  /** Words that must all appear in the method, URL, component, status or suggested entry (a reload's or build's text). */
  readonly text: string;
}

/** The filter that shows everything. */
export const NO_FILTER: TrafficFilter = { component: '', kinds: [], statusClass: '', method: '', host: '', text: '' };

/** Whether the filter hides anything. */
export function isFiltering(filter: TrafficFilter): boolean {
  return filter.component !== '' || filter.kinds.length > 0 || filter.statusClass !== '' || filter.method !== '' || filter.host !== '' || filter.text.trim() !== '';
}

/** Compiles `filter` into a predicate, so per-row work is comparisons only. */
export function compileFilter(filter: TrafficFilter): (row: TrafficRow) => boolean {
  const words = filter.text.toLowerCase().split(/\s+/).filter((word) => word !== '');
  const host = filter.host.toLowerCase();
  const kinds = new Set(filter.kinds);
  return (row) =>
    (filter.component === '' || rowComponents(row).includes(filter.component)) &&
    (kinds.size === 0 || kinds.has(row.kind) || (kinds.has('denied') && isDenialRow(row))) &&
    (filter.method === '' || row.method === filter.method) &&
    (host === '' || row.host.toLowerCase().includes(host)) &&
    (filter.statusClass === '' || statusClassOf(row) === filter.statusClass) &&
    words.every((word) => row.searchText.includes(word));
}

/**
 * Which {@link StatusClass} a row's outcome falls in: a failed reload or build is
 * `failed`, a running build `pending`; a successful one has no HTTP status, so none.
 */
export function statusClassOf(row: TrafficRow): StatusClass | undefined {
  const status = rowStatus(row);
  if (status === undefined) return 'pending';
  if (status === 'OK') return undefined;
  if (status === 'DENIED' || status === 'ERROR' || status === 'FAILED' || status < 200) return 'failed';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  return status < 500 ? '4xx' : '5xx';
}
