import { z } from 'zod';
import type { SpinscopeApi } from '../api/contract.js';
import { describeNoMatchReason, explainNoMatch } from '../traffic/filter/explain-no-match.js';
import { parseFilter } from '../traffic/filter/parse-filter.js';
import { compileFilter } from '../traffic/row-filter.js';
import type { TrafficTree } from '../traffic/traffic-tree.js';
import { McpToolError } from './mcp-tool-error.js';
import { recordedEvents, recordedTraffic } from './recorded-events.js';
import { rowDepth, rowLine, summarizeRow, type RowSummary } from './row-summary.js';
import { traceEventLines, traceEventView } from './trace-view.js';
import { guarded, toolResult } from './tool-result.js';
import type { ToolTable } from './tool-table.js';

const DEFAULT_ROWS = 50;
const DEFAULT_BODY_BYTES = 4096;

/** Reading the recorded traffic: the list with the inspector's filter, and one trace whole. */
export function trafficTools(api: SpinscopeApi): ToolTable {
  return {
    list_traffic: {
      title: 'List traffic',
      description:
        'Lists the recorded traffic as the inspector shows it: one row per inbound request, outbound call (allowed, denied or chained), key-value / SQLite / other host call, reload and build, nested under the request that caused it. ' +
        'Filter with the inspector\'s filter language: space-separated terms that must all hold, a leading "-" negates. Keys: status: (404, 4xx, failed, pending), method:, host: (or domain:, * patterns), url:, component:, ' +
        'kind: (inbound, outbound, chain, kv, sqlite, api, reload, build), decision: (allowed, denied), has-error, larger-than: (1k, 2M), duration>200 (ms; or 1.5s), header:name or header:name=text, body:text, /regex/, or plain words. ' +
        'Example: "decision:denied component:frontend". Returns the most recent matching rows, oldest first, each with its traceId for get_trace.',
      inputSchema: {
        filter: z.string().optional().describe('A query in the inspector\'s filter language; everything when absent'),
        limit: z.number().int().min(1).max(1000).optional().describe(`At most this many rows, the most recent (default ${DEFAULT_ROWS})`),
      },
      run: guarded(async ({ filter = '', limit = DEFAULT_ROWS }: { filter?: string; limit?: number }) => listTraffic(await recordedTraffic(api), filter, limit)),
    },
    get_trace: {
      title: 'Get a trace',
      description:
        'Every event of one trace (an inbound request and everything it caused: outbound calls, denials with their explanation, chained calls, host calls, guest log lines), oldest first, with headers and bodies. ' +
        `Bodies are shown as text when they are UTF-8 (else base64), cut at maxBodyBytes (default ${DEFAULT_BODY_BYTES}); each body says its full size and whether it was cut here or already when recorded.`,
      inputSchema: {
        traceId: z.string().min(1).describe('A traceId from list_traffic, send_request or replay_trace'),
        maxBodyBytes: z.number().int().min(0).max(1_048_576).optional().describe(`Show at most this many bytes of each body (default ${DEFAULT_BODY_BYTES})`),
      },
      run: guarded(async ({ traceId, maxBodyBytes = DEFAULT_BODY_BYTES }: { traceId: string; maxBodyBytes?: number }) => {
        const events = await recordedEvents(api, { traceId });
        if (events.length === 0) throw new McpToolError('SPINSCOPE_MCP_NOT_FOUND', `no trace "${traceId}" is recorded (never, or evicted since); list_traffic lists the traces held`);
        return toolResult(
          [`Trace ${traceId}: ${events.length} events`, ...events.flatMap((event) => traceEventLines(event, maxBodyBytes))],
          { traceId, events: events.map((event) => traceEventView(event, maxBodyBytes)) },
        );
      }),
    },
  };
}

/** The rows of `tree` that `query` keeps, the last `limit` of them, and why none match when none do. */
export function listTraffic(tree: TrafficTree, query: string, limit: number) {
  const filter = parseFilter(query);
  const keep = compileFilter(filter);
  const rows = tree.allRows();
  const matching = rows.filter(keep);
  const shown = matching.slice(-limit).map((row) => summarizeRow(row, rowDepth(tree, row)));
  const problems = filter.problems.map((problem) => `${problem.severity}: ${problem.message} (characters ${problem.start}-${problem.end} of the filter)`);
  const noMatch = matching.length === 0 && rows.length > 0 && filter.terms.length > 0 ? explainNoMatch(filter, rows).reasons.map((reason) => describeNoMatchReason(reason, rows.length)) : [];
  const heading = `${matching.length} of ${rows.length} rows match${query.trim() === '' ? '' : ` "${query}"`}${shown.length < matching.length ? `; the last ${shown.length} shown` : ''}`;
  return toolResult([heading, ...problems, ...noMatch, ...shown.map(rowLine)], {
    total: rows.length,
    matching: matching.length,
    rows: shown satisfies RowSummary[],
    ...(problems.length === 0 ? {} : { problems }),
    ...(noMatch.length === 0 ? {} : { noMatch }),
  });
}
