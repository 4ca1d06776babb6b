import { z } from 'zod';
import type { ComponentInfo, ReplayResult, SpinscopeApi } from '../api/contract.js';
import type { BuildFinishedEvent, BuildOutputEvent, BuildStartedEvent } from '../api/events.js';
import { TrafficTree } from '../traffic/traffic-tree.js';
import { recordedEvents } from './recorded-events.js';
import { bodyBytes, headerList, PATH, REQUEST_PARTS, type RequestParts } from './request-input.js';
import { rowDepth, rowLine, summarizeRow } from './row-summary.js';
import { guarded, toolResult } from './tool-result.js';
import type { ToolTable } from './tool-table.js';

const DEFAULT_BUILD_LINES = 200;

/** The app: its status and problems, requests sent to it, and its builds' output. */
export function appTools(api: SpinscopeApi): ToolTable {
  return {
    app_status: {
      title: 'App status',
      description:
        'The app\'s state (starting, running, failed, stopped), its spin.toml, listener origin and routes, the current problem (a spin.toml error with file:line, a component that failed to load) and warnings, ' +
        'and each component with its allowed_outbound_hosts (as written and resolved), key_value_stores, sqlite_databases and whether it has unsaved session changes.',
      annotations: { readOnlyHint: true },
      run: guarded(async () => {
        const [status, components] = await Promise.all([api.status(), api.components()]);
        const lines = [
          `${status.appName ?? 'app'}: ${status.state}${status.origin === undefined ? '' : ` at ${status.origin}`}${status.manifestFile === undefined ? '' : ` (${status.manifestFile})`}`,
          ...(status.problem === undefined ? [] : [`problem: ${status.problem.code}: ${status.problem.message}`]),
          ...(status.warnings ?? []).map((warning) => `warning: ${warning.message}`),
          ...(status.droppedSessionChanges ?? []).map((dropped) => `dropped session change: ${dropped.message}`),
          ...status.routes.map((route) => `route ${route.wildcard ? route.url.replace(/\/?$/, '/...') : route.url} -> ${route.component ?? `static response ${route.staticTrigger}`}`),
          ...components.flatMap(componentLines),
        ];
        return toolResult(lines, { status, components });
      }),
    },
    send_request: {
      title: 'Send a request to the app',
      description:
        'Sends an HTTP request to the running app\'s listener, as a client would, and returns the status and the trace it recorded: its rows (outbound calls, denials, host calls), for get_trace or explain_denial. Only the app\'s own 127.0.0.1 listener is reached.',
      inputSchema: { ...REQUEST_PARTS, path: PATH },
      run: guarded(async (parts: RequestParts & { path: string }) => {
        const body = bodyBytes(parts);
        const result = await api.sendRequest({ method: parts.method ?? 'GET', pathWithQuery: parts.path, headers: headerList(parts.headers ?? {}), ...(body === undefined ? {} : { body }) });
        return sentResult(api, result, `${parts.method ?? 'GET'} ${parts.path}`);
      }),
    },
    replay_trace: {
      title: 'Replay a trace',
      description:
        'Sends the inbound request that started a recorded trace to the app again (method, path, headers and body as recorded, but for the parts given here, which replace them; headers replace the recorded ones as a whole) and returns the status and the new trace\'s rows. ' +
        'Use it to check whether a fix (set_allowed_hosts) worked.',
      inputSchema: { traceId: z.string().min(1).describe('The trace whose inbound request to send again'), ...REQUEST_PARTS },
      run: guarded(async ({ traceId, ...parts }: RequestParts & { traceId: string }) => {
        const body = bodyBytes(parts);
        const result = await api.replay(traceId, {
          ...(parts.method === undefined ? {} : { method: parts.method }),
          ...(parts.path === undefined ? {} : { pathWithQuery: parts.path }),
          ...(parts.headers === undefined ? {} : { headers: headerList(parts.headers) }),
          ...(body === undefined ? {} : { body }),
        });
        return sentResult(api, result, `replay of ${traceId}`);
      }),
    },
    build_output: {
      title: 'Build output',
      description:
        'The latest runs of components\' build.command (with --watch, a changed source file rebuilds its component): the command, what set it off, whether it is running, passed or failed (exit code, error), and the lines it printed.',
      inputSchema: {
        component: z.string().min(1).optional().describe('Only this component\'s builds'),
        builds: z.number().int().min(1).max(20).optional().describe('How many of the latest builds (default 1)'),
        maxLines: z.number().int().min(1).max(5000).optional().describe(`The last this many output lines of each build (default ${DEFAULT_BUILD_LINES})`),
      },
      annotations: { readOnlyHint: true },
      run: guarded(async ({ component, builds = 1, maxLines = DEFAULT_BUILD_LINES }: { component?: string; builds?: number; maxLines?: number }) => {
        const events = await recordedEvents(api, { kinds: ['build.started', 'build.output', 'build.finished'], ...(component === undefined ? {} : { component }) });
        const runs = [...groupBuilds(events).values()].slice(-builds).map((run) => buildView(run, maxLines));
        const lines = runs.length === 0 ? [`no build has run${component === undefined ? '' : ` for "${component}"`} (builds run under --watch when a component's build.watch files change)`] : runs.flatMap(buildLines);
        return toolResult(lines, { builds: runs });
      }),
    },
  };
}

async function sentResult(api: SpinscopeApi, result: ReplayResult, what: string) {
  if (result.traceId === undefined) return toolResult([`${what}: ${result.status}; the app recorded no trace (no route matched, or the request could not be parsed)`], { status: result.status });
  const tree = new TrafficTree();
  tree.add(await recordedEvents(api, { traceId: result.traceId }));
  const rows = tree.trace(result.traceId).map((row) => summarizeRow(row, rowDepth(tree, row)));
  return toolResult([`${what}: ${result.status}, trace ${result.traceId}`, ...rows.map(rowLine)], { status: result.status, traceId: result.traceId, rows });
}

function componentLines(component: ComponentInfo): string[] {
  const hosts = component.allowedOutboundHosts.map((entry) => (entry.resolved === undefined || entry.resolved === entry.raw ? entry.raw : `${entry.raw} (= ${entry.resolved})`));
  return [
    `component ${component.id}${component.unsaved === true ? ' (unsaved session changes)' : ''}: allowed_outbound_hosts ${JSON.stringify(hosts)}, key_value_stores ${JSON.stringify(component.keyValueStores)}, sqlite_databases ${JSON.stringify(component.sqliteDatabases)}`,
  ];
}

interface BuildRun {
  started?: BuildStartedEvent;
  readonly output: BuildOutputEvent[];
  finished?: BuildFinishedEvent;
}

function groupBuilds(events: readonly (BuildStartedEvent | BuildOutputEvent | BuildFinishedEvent | { kind: string; traceId: string })[]): Map<string, BuildRun> {
  const runs = new Map<string, BuildRun>();
  for (const event of events) {
    let run = runs.get(event.traceId);
    if (run === undefined) runs.set(event.traceId, (run = { output: [] }));
    if (event.kind === 'build.started') run.started = event as BuildStartedEvent;
    else if (event.kind === 'build.output') run.output.push(event as BuildOutputEvent);
    else if (event.kind === 'build.finished') run.finished = event as BuildFinishedEvent;
  }
  return runs;
}

function buildView(run: BuildRun, maxLines: number) {
  const { started, finished, output } = run;
  const shown = output.slice(-maxLines);
  return {
    traceId: (started ?? finished ?? output[0])?.traceId,
    component: started?.component ?? finished?.component ?? output[0]?.component,
    command: started?.command ?? finished?.command,
    files: started?.files ?? [],
    outcome: finished === undefined ? 'running' : finished.ok ? 'passed' : 'failed',
    ...(finished?.exitCode === undefined ? {} : { exitCode: finished.exitCode }),
    ...(finished?.durationMs === undefined ? {} : { durationMs: finished.durationMs }),
    ...(finished?.error === undefined ? {} : { error: finished.error }),
    lines: shown.map((line) => `${line.stream === 'stderr' ? '! ' : ''}${line.line}`),
    ...(shown.length < output.length ? { omittedLines: output.length - shown.length } : {}),
  };
}

function buildLines(run: ReturnType<typeof buildView>): string[] {
  const exit = run.exitCode === undefined ? '' : ` (exit ${run.exitCode})`;
  return [
    `build of ${run.component ?? '?'}: ${run.outcome}${exit}: ${run.command ?? ''}${run.error === undefined ? '' : ` — ${run.error.message}`}`,
    ...(run.omittedLines === undefined ? [] : [`  (${run.omittedLines} earlier lines omitted)`]),
    ...run.lines.map((line) => `  ${line}`),
  ];
}
