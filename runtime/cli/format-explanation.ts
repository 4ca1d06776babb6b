import type { Explanation, NearMiss } from '../permissions/index.js';
import { allowEntryHint, spinDenialLines } from '../permissions/index.js';

const PART_WORDING: Record<NearMiss['failed'], string> = {
  scheme: 'scheme differs',
  host: 'host differs',
  port: 'port differs',
};

/** The human-readable lines for one checked URL: the verdict, the why, and Spin's fix. */
export function formatExplanation(explanation: Explanation): string[] {
  if (explanation.allowed) return [`allow ${explanation.url} (by ${explanation.matchedBy})`];
  const lines = [`deny ${explanation.url}`];
  if (explanation.denial) lines.push(`  why: ${explanation.denial.message}`);
  for (const miss of explanation.nearMisses) lines.push(`  near miss: ${miss.entry} (${PART_WORDING[miss.failed]})`);
  if (explanation.suggestion !== undefined && explanation.destination !== undefined) {
    lines.push(`  ${spinDenialLines(explanation.destination)[1]}`);
    lines.push(`  ${allowEntryHint(explanation.suggestion)}`);
  }
  return lines;
}
