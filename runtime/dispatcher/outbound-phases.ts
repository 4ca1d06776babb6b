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
   * How the request left: over a connection, in memory to a chained component, to an
   * outbound rule's stub (answered in memory: no blocked, DNS, connect or send phases), or
   * not at all (denied, or failed before it reached any).
   */
  readonly route: 'network' | 'chained' | 'stub' | undefined;
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

type Phases = { -readonly [K in keyof OutboundPhases]: OutboundPhases[K] };
type PhaseName = Exclude<keyof OutboundPhases, 'policy' | 'reused'>;

/** The phases of the exchange `marks` describe. */
export function outboundPhases(marks: ExchangeMarks): OutboundPhases {
  const phases: Phases = { policy: ms(marks.checked - marks.start) };
  if (marks.route === undefined) return phases;
  // Straight-line steps rather than a list of them: this runs for every outbound request.
  const steps = new PhaseSteps(phases, marks);
  if (marks.route === 'network') {
    const opened = typeof marks.connection === 'object' ? marks.connection : undefined;
    steps.next('blocked', opened?.started ?? marks.sendStart);
    if (opened !== undefined) {
      if (opened.resolves) steps.next('dns', opened.lookedUp);
      steps.next('connect', opened.connected);
      if (opened.secure) steps.next('tls', opened.secured);
      // Until the head goes out, undici is still setting the new connection up (its parser, first of all).
      steps.extendTo(marks.sendStart);
    }
    steps.next('send', marks.sendEnd);
  }
  steps.next('wait', marks.headers);
  steps.next('receive', marks.failed ? undefined : marks.end);
  if (marks.connection === 'reused') phases.reused = true;
  return phases;
}

/** Walks the phases in order, each ending at its mark, until a failure ends one. */
class PhaseSteps {
  readonly #phases: Phases;
  readonly #marks: ExchangeMarks;
  #cursor: number;
  #last: PhaseName | undefined;
  #over = false;

  constructor(phases: Phases, marks: ExchangeMarks) {
    this.#phases = phases;
    this.#marks = marks;
    this.#cursor = marks.checked;
  }

  /** The phase `name`, ended at `at` (undefined: it did not end, or undici did not say). */
  next(name: PhaseName, at: number | undefined): void {
    if (this.#over) return;
    if (at === undefined) {
      // A failure ends the phase under way; a success skips a step undici did not report.
      if (!this.#marks.failed) return;
      this.#phases[name] = ms(this.#marks.end - this.#cursor);
      this.#over = true;
      return;
    }
    this.#phases[name] = ms(at - this.#cursor);
    this.#cursor = Math.max(this.#cursor, at);
    this.#last = name;
  }

  /** The last phase goes on until `at`, if it came (and nothing failed first). */
  extendTo(at: number | undefined): void {
    if (this.#over || this.#last === undefined || at === undefined || at <= this.#cursor) return;
    this.#phases[this.#last] = ms((this.#phases[this.#last] ?? 0) + at - this.#cursor);
    this.#cursor = at;
  }
}

/** Milliseconds to the microsecond, never negative. */
function ms(value: number): number {
  return Math.max(0, Math.round(value * 1000) / 1000);
}
