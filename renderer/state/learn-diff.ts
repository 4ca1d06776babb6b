import type { AllowedHostInfo, LearnedHosts } from '../../runtime/api/contract.js';

/**
 * What learn mode says of one line: `kept`, a current entry that allowed a request this
 * session; `kept-for-scheme`, a template entry kept though only its twin for another scheme
 * was used; `unused`, a current entry that allowed none; `denied` and `unlisted`, an entry
 * it offers (see `OfferedHost`).
 */
export type LearnVerdict = 'kept' | 'kept-for-scheme' | 'unused' | 'denied' | 'unlisted';

/** One line of learn mode's diff between a component's current allowed_outbound_hosts and the proposal. */
export interface LearnLine {
  /** The entry as written; a current entry may be a `{{ var }}` template. */
  readonly entry: string;
  /** What the entry resolves to (itself for a literal); absent when a variable has no value. */
  readonly resolved: string | undefined;
  readonly verdict: LearnVerdict;
  /** Whether the entry is in the list now. */
  readonly current: boolean;
  /** Whether applying leaves it in the list: ticked for a kept entry only, unless the developer chose otherwise. */
  readonly included: boolean;
}

/** The developer's choices for one component: an entry ticked (`true`) or unticked (`false`) against the proposal. */
export type LearnChoices = Readonly<Record<string, boolean>>;

/**
 * The diff for `learned`, read like a unified diff of the manifest: the current entries
 * in their order, each kept or not, then the offered ones. `hosts` are the component's
 * current entries with what they resolve to.
 */
export function learnLines(learned: LearnedHosts, hosts: readonly AllowedHostInfo[], choices: LearnChoices = {}): LearnLine[] {
  const line = (entry: string, verdict: LearnVerdict): LearnLine => {
    const host = hosts.find((candidate) => candidate.raw === entry);
    const current = verdict === 'kept' || verdict === 'kept-for-scheme' || verdict === 'unused';
    return { entry, resolved: host === undefined ? entry : host.resolved, verdict, current, included: choices[entry] ?? isKept(verdict) };
  };
  return [
    ...learned.current.map((entry) => line(entry, learned.keptForScheme.includes(entry) ? 'kept-for-scheme' : learned.kept.includes(entry) ? 'kept' : 'unused')),
    ...learned.offered.filter(({ entry }) => !learned.current.includes(entry)).map(({ entry, reason }) => line(entry, reason)),
  ];
}

/** Whether the proposal keeps (ticks) a line with this verdict. */
export function isKept(verdict: LearnVerdict): boolean {
  return verdict === 'kept' || verdict === 'kept-for-scheme';
}

/** The list applying the diff gives: the included lines, current entries in their place, then the added ones. */
export function chosenEntries(lines: readonly LearnLine[]): string[] {
  return lines.filter((line) => line.included).map((line) => line.entry);
}

/** True when two lists hold the same entries in the same order. */
export function sameEntries(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}

/** True when applying `lines` would leave the list as it is (`current`). */
export function changesNothing(lines: readonly LearnLine[], current: readonly string[]): boolean {
  return sameEntries(chosenEntries(lines), current);
}
