/**
 * The phases of an outbound exchange (`OutboundPhases`) from when each of its steps
 * happened. The phases run one after another from the policy verdict on; each ends at its
 * own mark, never before the one before it, so they add up to the whole exchange.
 */
import type { OutboundPhases } from '../api/events.js';
import type { ConnectionTiming } from './timed-connector.js';

/** When each step of one outbound exchange happened, in `performance.now()` milliseconds. */
export interface ExchangeMarks {
  /** The dispatch began, with the policy check. */
  readonly start: number;
  /** The verdict was in. */
  readonly checked: number;
  /**
   * How the request left: over a connection, in memory to a chained component, or not at
   * all (denied, or failed before it reached either).
   */
  readonly route: 'network' | 'chained' | undefined;
  /** The connection it went out on (or was waiting for when it failed), if known. */
  readonly connection?: ConnectionTiming | 'reused' | undefined;
  readonly sendStart?: number | undefined;
  readonly sendEnd?: number | undefined;
  /** The response head arrived. */
  readonly headers?: number | undefined;
  /** The exchange ended: the body's last byte, or the failure. */
  readonly end: number;
  /** It ended in failure: the phase under way then is the one it failed in. */
  readonly failed: boolean;
}

type PhaseName = Exclude<keyof OutboundPhases, 'policy' | 'reused'>;

/** The phases of the exchange `marks` describe. */
export function outboundPhases(marks: ExchangeMarks): OutboundPhases {
  const phases: { -readonly [K in keyof OutboundPhases]: OutboundPhases[K] } = { policy: ms(marks.checked - marks.start) };
  if (marks.route === undefined) return phases;
  let cursor = marks.checked;
  for (const [name, at] of steps(marks)) {
    if (at === undefined) {
      // A failure ends the phase under way; a success skips a step undici did not report.
      if (!marks.failed) continue;
      phases[name] = ms(marks.end - cursor);
      break;
    }
    phases[name] = ms(at - cursor);
    cursor = Math.max(cursor, at);
  }
  if (marks.connection === 'reused') phases.reused = true;
  return phases;
}

/** The exchange's phases in order, each with the time it ended (undefined: it did not, or not that undici said). */
function steps(marks: ExchangeMarks): [PhaseName, number | undefined][] {
  const list: [PhaseName, number | undefined][] = [];
  if (marks.route === 'network') {
    const opened = typeof marks.connection === 'object' ? marks.connection : undefined;
    list.push(['blocked', opened?.started ?? marks.sendStart]);
    if (opened !== undefined) {
      if (opened.resolves) list.push(['dns', opened.lookedUp]);
      list.push(['connect', opened.connected]);
      if (opened.secure) list.push(['tls', opened.secured]);
    }
    list.push(['send', marks.sendEnd]);
  }
  list.push(['wait', marks.headers], ['receive', marks.failed ? undefined : marks.end]);
  return list;
}

/** Milliseconds to the microsecond, never negative. */
function ms(value: number): number {
  return Math.max(0, Math.round(value * 1000) / 1000);
}
