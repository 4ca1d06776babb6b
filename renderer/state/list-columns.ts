/** A column of the traffic list. */
export type ColumnId = 'time' | 'component' | 'method' | 'url' | 'status' | 'duration' | 'size' | 'waterfall';

/** What the list knows of a column. */
export interface ColumnSpec {
  readonly id: ColumnId;
  readonly label: string;
  /** Width in px until the developer drags it; the URL column's is its least, as it takes the room left. */
  readonly width: number;
  /** The developer may hide it (the URL column always shows). */
  readonly hideable: boolean;
  /** The order columns give way in when the list is too narrow, first to go highest; 0 never goes. */
  readonly givesWay: number;
}

/** Every column, in the order the list shows them. */
export const COLUMNS: readonly ColumnSpec[] = [
  { id: 'time', label: 'Time', width: 100, hideable: true, givesWay: 2 },
  { id: 'component', label: 'Component', width: 110, hideable: true, givesWay: 1 },
  { id: 'method', label: 'Method', width: 64, hideable: true, givesWay: 0 },
  { id: 'url', label: 'URL', width: 140, hideable: false, givesWay: 0 },
  { id: 'status', label: 'Status', width: 88, hideable: true, givesWay: 0 },
  { id: 'duration', label: 'Duration', width: 80, hideable: true, givesWay: 0 },
  { id: 'size', label: 'Size', width: 72, hideable: true, givesWay: 0 },
  { id: 'waterfall', label: 'Waterfall', width: 140, hideable: true, givesWay: 3 },
];

/** The narrowest and widest a column may be dragged to, in px. */
export const COLUMN_WIDTH_LIMITS = { min: 40, max: 800 } as const;

/** Whether `value` names a column. */
export function isColumnId(value: unknown): value is ColumnId {
  return COLUMNS.some((column) => column.id === value);
}

/** The columns to draw in `available` px, each with its width. */
export interface FittedColumns {
  readonly columns: readonly ColumnSpec[];
  /** Px per column drawn, in order. */
  readonly widths: readonly number[];
  /** Shown columns left out for want of room. */
  readonly squeezedOut: ReadonlySet<ColumnId>;
}

/**
 * Fits the columns the developer shows into `available` px, so the list never scrolls
 * sideways: while their widths add up to more, the column that gives way first is
 * left out (the waterfall, then the time, then the component); the URL column takes
 * whatever room is left. Method, URL, status, duration and size always stay: in less
 * room than they need, every column shrinks alike, to {@link COLUMN_WIDTH_LIMITS.min}
 * at worst. Widths are whole px, so each row lays out without sizing tracks.
 */
export function fitColumns(hidden: ReadonlySet<ColumnId>, widths: Readonly<Record<ColumnId, number>>, available: number): FittedColumns {
  let columns = COLUMNS.filter((column) => !hidden.has(column.id));
  const squeezedOut = new Set<ColumnId>();
  const needed = (shown: readonly ColumnSpec[]): number => shown.reduce((sum, column) => sum + widths[column.id], 0);
  while (needed(columns) > available) {
    const next = columns.filter((column) => column.givesWay > 0).sort((a, b) => b.givesWay - a.givesWay)[0];
    if (next === undefined) break;
    squeezedOut.add(next.id);
    columns = columns.filter((column) => column !== next);
  }
  const total = needed(columns);
  const scale = total > available ? Math.max(0, available) / total : 1;
  const fixed = columns.map((column) => Math.max(COLUMN_WIDTH_LIMITS.min, Math.floor(widths[column.id] * scale)));
  const url = columns.findIndex((column) => column.id === 'url');
  const others = fixed.reduce((sum, width, index) => (index === url ? sum : sum + width), 0);
  fixed[url] = Math.max(fixed[url] as number, Math.floor(available - others));
  return { columns, widths: fixed, squeezedOut };
}
