import { rowDuration, rowStatus, type TrafficRow } from '../../runtime/traffic/traffic-row.js';

/** The session's time axis, which the waterfall column places rows on: the first row's start to the latest event. */
export interface TimeAxis {
  readonly start: number;
  readonly end: number;
}

/** What a bar's colour says: answered (2xx/3xx, or a call that worked), 4xx, failed (5xx, an error, a failed reload or build), denied, or still running. */
export type BarStatus = 'ok' | 'client-error' | 'failed' | 'denied' | 'pending';

/** A row's bar in the list's waterfall column, as fractions of the column's width. */
export interface WaterfallBar {
  readonly left: number;
  readonly width: number;
  readonly status: BarStatus;
}

/** The colour class of a row's outcome. */
export function barStatusOf(row: TrafficRow): BarStatus {
  const status = rowStatus(row);
  if (status === undefined) return 'pending';
  if (status === 'DENIED') return 'denied';
  if (status === 'OK') return 'ok';
  if (status === 'ERROR' || status === 'FAILED' || status < 200 || status >= 500) return 'failed';
  return status >= 400 ? 'client-error' : 'ok';
}

/** Where `row` sits on `axis`: from its start for its duration; a row still running reaches the axis's end. */
export function waterfallBar(row: TrafficRow, axis: TimeAxis): WaterfallBar {
  const span = Math.max(1, axis.end - axis.start);
  const left = Math.min(1, Math.max(0, (row.time - axis.start) / span));
  const status = barStatusOf(row);
  const duration = status === 'pending' ? axis.end - row.time : (rowDuration(row) ?? 0);
  return { left, width: Math.min(1 - left, Math.max(0, duration / span)), status };
}
