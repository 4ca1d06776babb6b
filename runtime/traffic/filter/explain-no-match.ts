import type { TrafficRow } from '../traffic-row.js';
import type { ParsedFilter } from './parse-filter.js';

/** A term that keeps the filter from matching anything. */
export interface NoMatchReason {
  /** The term as typed. */
  readonly term: string;
  /** Rows it matches by itself: 0 when it alone excludes everything. */
  readonly alone: number;
  /** Rows the filter matches without it; undefined when it is the only term. */
  readonly without: number | undefined;
}

/** Why a filter matches none of `rows` rows. */
export interface NoMatchExplanation {
  readonly rows: number;
  /** The terms at fault: each that matches nothing by itself, else those whose removal brings rows back, most rows first; empty when only dropping several terms would. */
  readonly reasons: readonly NoMatchReason[];
}

// Terms are tracked as bits of one number; a filter of more terms is explained by its first ones.
const MAX_TERMS = 30;

/**
 * Explains a filter that matches none of `rows`: in one pass, which rows each term
 * matches by itself and which rows every term but one matches.
 */
export function explainNoMatch(filter: ParsedFilter, rows: readonly TrafficRow[]): NoMatchExplanation {
  const terms = filter.terms.slice(0, MAX_TERMS);
  const all = 2 ** terms.length - 1;
  const alone = terms.map(() => 0);
  const without = terms.map(() => 0);
  for (const row of rows) {
    let mask = 0;
    for (let index = 0; index < terms.length; index++) {
      const term = terms[index]!;
      if (term.matches(row) !== term.negated) mask |= 1 << index;
    }
    for (let index = 0; index < terms.length; index++) {
      const bit = 1 << index;
      if (mask & bit) alone[index]!++;
      if ((mask | bit) === all) without[index]!++;
    }
  }
  const reasons = terms.map((term, index) => ({ term: term.source, alone: alone[index]!, without: terms.length > 1 ? without[index]! : undefined }));
  const excluding = reasons.filter((reason) => reason.alone === 0);
  if (excluding.length > 0) return { rows: rows.length, reasons: excluding };
  return { rows: rows.length, reasons: reasons.filter((reason) => (reason.without ?? 0) > 0).sort((a, b) => (b.without ?? 0) - (a.without ?? 0)) };
}

/** A reason in a sentence: "`status:404` matches none of 120 rows; without it 40 rows match". */
export function describeNoMatchReason(reason: NoMatchReason, rows: number): string {
  const matched = reason.alone === 0 ? `matches none of ${countOf(rows, 'row')}` : `matches ${reason.alone} of ${countOf(rows, 'row')}, but none that the other terms match`;
  const without = reason.without === undefined ? '' : `; without it ${countOf(reason.without, 'row')} ${reason.without === 1 ? 'matches' : 'match'}`;
  return `\`${reason.term}\` ${matched}${without}`;
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
