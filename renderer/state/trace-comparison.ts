import { isRequestRow, rowStatus, type RequestRow, type RowStatus, type TrafficRow } from '../../runtime/traffic/traffic-row.js';

/** What became of an outbound call: the policy let it out, denied it, or has not decided yet. */
export type CallDecision = 'allowed' | 'denied' | 'pending';

/** One outbound call in a trace: its decision and status. */
export interface CallOutcome {
  readonly rowId: string;
  readonly decision: CallDecision;
  readonly status: RowStatus;
}

/** An outbound call of either trace, matched with its twin in the other by component, method, URL and order. */
export interface CallChange {
  readonly component: string;
  readonly method: string;
  readonly url: string;
  /** Absent for a call only the replay made. */
  readonly before?: CallOutcome;
  /** Absent for a call the replay no longer made. */
  readonly after?: CallOutcome;
}

/** A replayed trace beside the one it replayed. */
export interface TraceComparison {
  /** What the app answered: before (the original) and after (the replay). */
  readonly status: { readonly before: RowStatus; readonly after: RowStatus };
  /** Calls whose decision changed (allowed ↔ denied), then calls only one trace made: the replay's order, then the missing ones. */
  readonly changed: readonly CallChange[];
  /** Calls both traces made with the same decision. */
  readonly unchanged: number;
  /** The replay has its answer: until then its calls may still come, so a call it lacks is not yet missing. */
  readonly settled: boolean;
}

/**
 * Compares a replayed trace with the original, both as rows depth first: the root's
 * status, and each outbound call (a chained request included) matched by component,
 * method and URL, the n-th such call of one trace with the n-th of the other.
 */
export function compareTraces(original: readonly TrafficRow[], replayed: readonly TrafficRow[]): TraceComparison {
  const before = callsOf(original);
  const changed: CallChange[] = [];
  let unchanged = 0;
  for (const [key, calls] of callsOf(replayed)) {
    const twins = before.get(key) ?? [];
    before.delete(key);
    calls.forEach((call, index) => {
      const twin = twins[index];
      if (twin !== undefined && twin.outcome.decision === call.outcome.decision) unchanged += 1;
      else changed.push({ ...call.identity, ...(twin === undefined ? {} : { before: twin.outcome }), after: call.outcome });
    });
    for (const missing of twins.slice(calls.length)) changed.push({ ...missing.identity, before: missing.outcome });
  }
  for (const missing of [...before.values()].flat()) changed.push({ ...missing.identity, before: missing.outcome });
  const after = rootStatus(replayed);
  return { status: { before: rootStatus(original), after }, changed, unchanged, settled: after !== undefined };
}

interface Call {
  readonly identity: Pick<CallChange, 'component' | 'method' | 'url'>;
  readonly outcome: CallOutcome;
}

/** The trace's outbound calls in order, grouped by component, method and URL. */
function callsOf(rows: readonly TrafficRow[]): Map<string, Call[]> {
  const calls = new Map<string, Call[]>();
  for (const row of rows) {
    if (!isRequestRow(row) || row.request.kind !== 'outbound.request') continue;
    const key = `${row.component}\u0000${row.method}\u0000${row.url}`;
    const call = { identity: { component: row.component, method: row.method, url: row.url }, outcome: { rowId: row.id, decision: decisionOf(row), status: rowStatus(row) } };
    const same = calls.get(key);
    if (same === undefined) calls.set(key, [call]);
    else same.push(call);
  }
  return calls;
}

function decisionOf(row: RequestRow): CallDecision {
  if (row.denial !== undefined) return 'denied';
  return row.response === undefined && row.error === undefined && row.hop === undefined ? 'pending' : 'allowed';
}

function rootStatus(rows: readonly TrafficRow[]): RowStatus {
  const root = rows.find((row) => row.parentId === undefined);
  return root === undefined ? undefined : rowStatus(root);
}
