import type { ComponentInfo } from '../api/contract.js';
import type { OutboundDeniedEvent, SpinscopeEvent, StoreDeniedEvent } from '../api/events.js';
import type { Explanation, NearMiss } from '../api/explanation.js';

/** A denial: an outbound connection `allowed_outbound_hosts` refused, or a store or database a component may not open. */
export type DenialEvent = OutboundDeniedEvent | StoreDeniedEvent;

/** The event kinds that are denials. */
export const DENIAL_KINDS = ['outbound.denied', 'kv.denied', 'sqlite.denied'] as const;

const PART_WORDING: Record<NearMiss['failed'], string> = {
  scheme: 'scheme differs',
  host: 'host differs',
  port: 'port differs',
};

/** Whether `event` is a denial. */
export function isDenial(event: SpinscopeEvent): event is DenialEvent {
  return (DENIAL_KINDS as readonly string[]).includes(event.kind);
}

/**
 * Why `denial` happened and what would fix it, in lines for the agent: the verdict, near
 * misses, Spin's own three lines, and the list to set with the fix added (`component`, the
 * denying component as it is now, when the app still has it).
 */
export function denialLines(denial: DenialEvent, component: ComponentInfo | undefined): string[] {
  if (denial.kind !== 'outbound.denied') {
    const fix = denial.suggestion === undefined ? [] : [`fix: set ${denial.field} of ${denial.component} to ${JSON.stringify([...denial.granted, denial.suggestion])}`];
    return [`${denial.component} may not open ${denial.kind === 'kv.denied' ? 'key-value store' : 'SQLite database'} "${denial.label}"`, `why: ${denial.message}`, ...fix];
  }
  const lines = [`${denial.component} was denied ${denial.interface === undefined ? 'an HTTP request to' : `a ${denial.interface} connection to`} ${denial.url}`, ...explanationLines(denial.explanation)];
  if (denial.spinLines !== undefined) lines.push('spin up prints:', ...denial.spinLines.map((line) => `  ${line}`));
  const suggestion = denial.explanation.suggestion;
  if (suggestion !== undefined && component !== undefined) {
    const current = component.allowedOutboundHosts.map((entry) => entry.raw);
    lines.push(`allowed_outbound_hosts of ${component.id} now: ${JSON.stringify(current)}`);
    if (!current.includes(suggestion)) lines.push(`fix: set_allowed_hosts (or save_allowed_hosts) with ${JSON.stringify([...current, suggestion])}`);
  }
  return lines;
}

/** The verdict on one URL in lines: allowed and by which entry, or denied, why, the near misses and the entry to add. */
export function explanationLines(explanation: Explanation): string[] {
  if (explanation.allowed) return [`allowed ${explanation.url} (by "${explanation.matchedBy ?? ''}")`];
  const lines = [`denied ${explanation.url}`];
  if (explanation.denial) lines.push(`  why: ${explanation.denial.message}`);
  for (const miss of explanation.nearMisses) lines.push(`  near miss: "${miss.entry}" (${PART_WORDING[miss.failed]})`);
  if (explanation.suggestion !== undefined) lines.push(`  entry to add: "${explanation.suggestion}"`);
  return lines;
}
