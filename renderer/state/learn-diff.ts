import type { AllowedHostInfo, LearnedHosts } from '../../runtime/api/contract.js';

/** One line of learn mode's diff between a component's current allowed_outbound_hosts and the proposal. */
export interface LearnLine {
  /** The entry as written; a current entry may be a `{{ var }}` template. */
  readonly entry: string;
  /** What the entry resolves to (itself for a literal); absent when a variable has no value. */
  readonly resolved: string | undefined;
  /** `kept` or `removed`: a current entry the proposal keeps or drops; `added`: proposed, not current. */
  readonly proposal: 'kept' | 'added' | 'removed';
  /** Whether applying leaves it in the list: the proposal's answer unless the developer chose otherwise. */
  readonly included: boolean;
}

/** The developer's choices for one component: an entry ticked (`true`) or unticked (`false`) against the proposal. */
export type LearnChoices = Readonly<Record<string, boolean>>;

/**
 * The diff for `learned`, read like a unified diff of the manifest: the current entries
 * in their order, each kept or removed, then the added ones. `hosts` are the component's
 * current entries with what they resolve to.
 */
export function learnLines(learned: LearnedHosts, hosts: readonly AllowedHostInfo[], choices: LearnChoices = {}): LearnLine[] {
  const line = (entry: string, proposal: LearnLine['proposal']): LearnLine => {
    const host = hosts.find((candidate) => candidate.raw === entry);
    return { entry, resolved: host === undefined ? entry : host.resolved, proposal, included: choices[entry] ?? proposal !== 'removed' };
  };
  return [
    ...learned.current.map((entry) => line(entry, learned.suggested.includes(entry) ? 'kept' : 'removed')),
    ...learned.suggested.filter((entry) => !learned.current.includes(entry)).map((entry) => line(entry, 'added')),
  ];
}

/** The list applying the diff gives: the included lines, current entries in their place, then the added ones. */
export function chosenEntries(lines: readonly LearnLine[]): string[] {
  return lines.filter((line) => line.included).map((line) => line.entry);
}

/** True when applying `lines` would leave the list as it is (`current`). */
export function changesNothing(lines: readonly LearnLine[], current: readonly string[]): boolean {
  const chosen = chosenEntries(lines);
  return chosen.length === current.length && chosen.every((entry, index) => entry === current[index]);
}
