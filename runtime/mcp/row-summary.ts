import { isRequestRow, rowDuration, rowSize, rowStatusText, type TrafficRow } from '../traffic/traffic-row.js';
import type { TrafficTree } from '../traffic/traffic-tree.js';

/** One row of the traffic list, as a tool reports it. */
export interface RowSummary {
  /** The id of the event that opened the row. */
  readonly id: string;
  readonly traceId: string;
  /** The row it is nested beneath, when it is not a root. */
  readonly parentId?: string;
  /** How deep it is nested: 0 for an inbound request, a reload or a build. */
  readonly depth: number;
  /** `inbound`, `outbound`, `denied`, `chain`, `kv`, `sqlite`, `api`, `reload` or `build`. */
  readonly kind: TrafficRow['kind'];
  /** ISO 8601. */
  readonly time: string;
  readonly component: string;
  readonly method: string;
  readonly url: string;
  /** As the inspector's status column: the HTTP status, `DENIED`, `ERROR`, `OK`, `FAILED`, `…` while pending. */
  readonly status: string;
  readonly durationMs?: number;
  /** The response body's size (a key-value value's). */
  readonly sizeBytes?: number;
  /** The `allowed_outbound_hosts` entry to add, for a denied HTTP request. */
  readonly suggestion?: string;
}

/** `row` as a tool reports it; `depth` is how many rows it hangs beneath. */
export function summarizeRow(row: TrafficRow, depth: number): RowSummary {
  const durationMs = rowDuration(row);
  const sizeBytes = rowSize(row);
  const suggestion = isRequestRow(row) ? row.denial?.explanation.suggestion : undefined;
  return {
    id: row.id,
    traceId: row.traceId,
    ...(row.parentId === undefined || depth === 0 ? {} : { parentId: row.parentId }),
    depth,
    kind: row.kind,
    time: new Date(row.time).toISOString(),
    component: row.component,
    method: row.method,
    url: row.url,
    status: rowStatusText(row),
    ...(durationMs === undefined ? {} : { durationMs: Math.round(durationMs * 10) / 10 }),
    ...(sizeBytes === undefined ? {} : { sizeBytes }),
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/** A summary in one line, indented by its depth: `GET /hello -> 200 [inbound frontend, 12 ms] trace=…`. */
export function rowLine(row: RowSummary): string {
  const took = row.durationMs === undefined ? '' : `, ${row.durationMs} ms`;
  const fix = row.suggestion === undefined ? '' : ` (allow with "${row.suggestion}")`;
  return `${'  '.repeat(row.depth)}${row.time} ${row.method} ${row.url} -> ${row.status} [${row.kind} ${row.component}${took}] trace=${row.traceId} id=${row.id}${fix}`;
}

/** How many rows of `tree` `row` hangs beneath. */
export function rowDepth(tree: TrafficTree, row: TrafficRow): number {
  let depth = 0;
  for (let parent = parentOf(tree, row); parent !== undefined; parent = parentOf(tree, parent)) depth++;
  return depth;
}

function parentOf(tree: TrafficTree, row: TrafficRow): TrafficRow | undefined {
  return row.parentId === undefined ? undefined : tree.get(row.parentId);
}
