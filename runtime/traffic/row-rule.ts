import type { RuleApplied } from '../api/contract.js';
import { isRequestRow, type TrafficRow } from './traffic-row.js';

/** The outbound rule that acted on `row`'s call, as its events say; undefined for every other row. */
export function rowRule(row: TrafficRow): RuleApplied | undefined {
  if (!isRequestRow(row) || row.request.kind !== 'outbound.request') return undefined;
  const outcome = row.response ?? row.error;
  return row.request.rule ?? (outcome?.kind === 'outbound.response' || outcome?.kind === 'outbound.error' ? outcome.rule : undefined);
}
