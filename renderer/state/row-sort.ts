import type { ColumnId } from './list-columns.js';
import { rowDuration, rowSize, rowStatus, type TrafficRow } from '../../runtime/traffic/traffic-row.js';

/** A column the list can be sorted by (every one but the waterfall, which is time order already). */
export type SortColumn = Exclude<ColumnId, 'waterfall'>;

/** How the list orders its root rows; a row's children stay beneath it in time order. */
export interface RowSort {
  readonly column: SortColumn;
  readonly direction: 'ascending' | 'descending';
}

/** Oldest first, as the rows arrived: the list's order until a column header is clicked. */
export const TIME_ORDER: RowSort = { column: 'time', direction: 'ascending' };

/** Whether `column` can be sorted by. */
export function isSortColumn(column: ColumnId): column is SortColumn {
  return column !== 'waterfall';
}

/** A root row with the order it opened in, which breaks ties between rows of the same time. */
export interface RootKey {
  readonly row: TrafficRow;
  readonly sequence: number;
}

type Key = number | string | undefined;

const KEYS: Record<SortColumn, (row: TrafficRow) => Key> = {
  time: (row) => row.time,
  component: (row) => row.component,
  method: (row) => row.method,
  url: (row) => row.url,
  // Numbers first, then the words (DENIED, ERROR, FAILED, OK); still running last.
  status: (row) => {
    const status = rowStatus(row);
    return typeof status === 'number' ? status : status === undefined ? undefined : `~${status}`;
  },
  duration: rowDuration,
  size: rowSize,
};

/**
 * Compares root rows for `sort`: by the column's value (rows without one last, either
 * way), then by time and the order they opened in, so the order is total and the
 * same however the rows got there. Time ascending is the tree's own order.
 */
export function compareRoots(sort: RowSort): (a: RootKey, b: RootKey) => number {
  const key = KEYS[sort.column];
  const direction = sort.direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const keyA = key(a.row);
    const keyB = key(b.row);
    const missing = (keyA === undefined ? 1 : 0) - (keyB === undefined ? 1 : 0);
    return missing || direction * compareKeys(keyA, keyB) || a.row.time - b.row.time || a.sequence - b.sequence;
  };
}

function compareKeys(a: Key, b: Key): number {
  if (a === b || a === undefined || b === undefined) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : 1;
}
