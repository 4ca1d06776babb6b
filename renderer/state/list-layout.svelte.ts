import { COLUMN_WIDTH_LIMITS, COLUMNS, isColumnId, type ColumnId } from './list-columns.js';
import { isSortColumn, TIME_ORDER, type RowSort } from './row-sort.js';

/** Where the layout is kept: `localStorage` in the page, anything with the same two calls elsewhere. */
export type LayoutStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's `localStorage`, or nothing where the page may not use it (an opaque origin). */
export function pageStorage(): LayoutStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The key the layout is stored under; a new shape gets a new key rather than misreading an old one. */
export const LAYOUT_KEY = 'spinscope.traffic-list.v1';

/** The detail pane's share of the traffic view's width, least and most. */
export const DETAIL_SHARE_LIMITS = { min: 0.2, max: 0.75 } as const;
const DEFAULT_DETAIL_SHARE = 0.42;

const DEFAULT_WIDTHS = Object.fromEntries(COLUMNS.map((column) => [column.id, column.width])) as Record<ColumnId, number>;

/** What is stored: only what the developer changed is read back, each part checked on its own. */
interface StoredLayout {
  readonly widths: Partial<Record<ColumnId, number>>;
  readonly hidden: readonly ColumnId[];
  readonly sort: RowSort;
  readonly detailShare: number;
}

/**
 * How the developer arranged the traffic list: column widths, hidden columns, the sort
 * and the split between the list and the detail pane. Every change is stored at once, so
 * a reload (or the next session of the same inspector origin) shows the same layout; a
 * stored value that does not fit is ignored, leaving the default.
 */
export class ListLayout {
  widths: Readonly<Record<ColumnId, number>> = $state.raw(DEFAULT_WIDTHS);
  hidden: ReadonlySet<ColumnId> = $state.raw(new Set());
  sort: RowSort = $state.raw(TIME_ORDER);
  /** The detail pane's share of the width, between {@link DETAIL_SHARE_LIMITS}. */
  detailShare = $state(DEFAULT_DETAIL_SHARE);

  readonly #storage: LayoutStorage | undefined;

  constructor(storage: LayoutStorage | undefined) {
    this.#storage = storage;
    const stored = readStored(storage);
    this.widths = { ...DEFAULT_WIDTHS, ...stored.widths };
    this.hidden = new Set(stored.hidden);
    if (stored.sort !== undefined) this.sort = stored.sort;
    if (stored.detailShare !== undefined) this.detailShare = stored.detailShare;
  }

  /** Sorts by `column`: ascending first, the other way on a second click. */
  toggleSort(column: RowSort['column']): void {
    const ascending = this.sort.column !== column || this.sort.direction === 'descending';
    this.sort = { column, direction: ascending ? 'ascending' : 'descending' };
    this.#save();
  }

  /** Sets a column's width (px), within {@link COLUMN_WIDTH_LIMITS}. */
  setWidth(column: ColumnId, width: number): void {
    this.widths = { ...this.widths, [column]: clampWidth(width) };
    this.#save();
  }

  /** Shows or hides a column (the URL column always shows). */
  setShown(column: ColumnId, shown: boolean): void {
    if (column === 'url' || shown === !this.hidden.has(column)) return;
    const hidden = new Set(this.hidden);
    if (shown) hidden.delete(column);
    else hidden.add(column);
    this.hidden = hidden;
    this.#save();
  }

  /** Sets the detail pane's share of the width, within {@link DETAIL_SHARE_LIMITS}. */
  setDetailShare(share: number): void {
    this.detailShare = Math.min(DETAIL_SHARE_LIMITS.max, Math.max(DETAIL_SHARE_LIMITS.min, share));
    this.#save();
  }

  /** Back to every column at its default width, in time order, and the default split. */
  reset(): void {
    this.widths = DEFAULT_WIDTHS;
    this.hidden = new Set();
    this.sort = TIME_ORDER;
    this.detailShare = DEFAULT_DETAIL_SHARE;
    this.#save();
  }

  #save(): void {
    const changedWidths = Object.fromEntries(Object.entries(this.widths).filter(([column, width]) => DEFAULT_WIDTHS[column as ColumnId] !== width));
    const stored: StoredLayout = { widths: changedWidths, hidden: [...this.hidden], sort: this.sort, detailShare: this.detailShare };
    try {
      this.#storage?.setItem(LAYOUT_KEY, JSON.stringify(stored));
    } catch {
      // Storage full or refused (a private window): the layout still applies until the page closes.
    }
  }
}

function clampWidth(width: number): number {
  return Math.round(Math.min(COLUMN_WIDTH_LIMITS.max, Math.max(COLUMN_WIDTH_LIMITS.min, width)));
}

/** The parts of the stored layout that are well-formed. */
function readStored(storage: LayoutStorage | undefined): { widths: Partial<Record<ColumnId, number>>; hidden: ColumnId[]; sort?: RowSort; detailShare?: number } {
  let stored: unknown;
  try {
    stored = JSON.parse(storage?.getItem(LAYOUT_KEY) ?? 'null');
  } catch {
    stored = null;
  }
  if (typeof stored !== 'object' || stored === null) return { widths: {}, hidden: [] };
  const { widths, hidden, sort, detailShare } = stored as Record<string, unknown>;
  const entries = typeof widths === 'object' && widths !== null ? Object.entries(widths) : [];
  return {
    widths: Object.fromEntries(entries.filter(([column, width]) => isColumnId(column) && typeof width === 'number' && Number.isFinite(width)).map(([column, width]) => [column, clampWidth(width as number)])),
    hidden: Array.isArray(hidden) ? hidden.filter((column): column is ColumnId => isColumnId(column) && column !== 'url') : [],
    ...(isRowSort(sort) ? { sort } : {}),
    ...(typeof detailShare === 'number' && detailShare >= DETAIL_SHARE_LIMITS.min && detailShare <= DETAIL_SHARE_LIMITS.max ? { detailShare } : {}),
  };
}

function isRowSort(value: unknown): value is RowSort {
  if (typeof value !== 'object' || value === null) return false;
  const { column, direction } = value as Record<string, unknown>;
  return isColumnId(column) && isSortColumn(column) && (direction === 'ascending' || direction === 'descending');
}
