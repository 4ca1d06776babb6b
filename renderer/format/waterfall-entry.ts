/**
 * One entry of the trace waterfall as drawn: the bar's colour by outcome (so a call that
 * failed never looks like one that succeeded), the URL split so its path stays in view
 * when the label is cut, and the full label for hovering.
 */
import { formatDuration } from './quantities.js';
import { isDenialRow, rowStatus, type TrafficRow } from '../../runtime/traffic/traffic-row.js';

/** What a bar's colour says: a 2xx/3xx or completed call, a 4xx, a 5xx or failure (DNS error, trap...), a denial, or still running. */
export type BarOutcome = 'success' | 'client-error' | 'failed' | 'denied' | 'pending';

/** The outcome `row`'s bar shows. */
export function barOutcome(row: TrafficRow): BarOutcome {
  if (isDenialRow(row)) return 'denied';
  const status = rowStatus(row);
  if (status === undefined) return 'pending';
  if (typeof status === 'number') return status >= 500 ? 'failed' : status >= 400 ? 'client-error' : 'success';
  return status === 'OK' ? 'success' : 'failed';
}

/**
 * A URL's `scheme://host` and the rest, so the label can cut the origin before the path;
 * anything else (an inbound path, what a host call names) is all path.
 */
export function splitUrl(url: string): { origin: string; path: string } {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return match === null ? { origin: '', path: url } : { origin: match[0], path: url.slice(match[0].length) };
}

/** The whole label, for hovering: component, method, URL, outcome and duration. */
export function waterfallTitle(row: TrafficRow, duration: number | undefined): string {
  const status = rowStatus(row);
  const parts = [`${row.component} ${row.method} ${row.url}`, status === undefined ? 'pending' : String(status)];
  if (duration !== undefined) parts.push(formatDuration(duration));
  return parts.join(' · ');
}
