import type { AppFailedEvent, AppReloadedEvent, BuildFinishedEvent, BuildOutputEvent, BuildStartedEvent } from '../api/events.js';
import { reloadSummary } from './reload-summary.js';
import type { BuildRow, ReloadRow } from './traffic-row.js';

/**
 * The row of a reload, or of a failed attempt at one. It stands where the reload
 * started (`app.reloaded` is published once the new version serves), so it sorts
 * before the requests that reached the new version.
 */
export function openReloadRow(event: AppReloadedEvent | AppFailedEvent): ReloadRow {
  const reloaded = event.kind === 'app.reloaded';
  const components = reloaded ? [...new Set([...event.changes.restarted, ...event.changes.removed, ...event.changes.policies])] : [];
  const summary = reloadSummary(event);
  return {
    id: event.id,
    traceId: event.traceId,
    kind: 'reload',
    time: reloaded ? Math.round(event.time - event.durationMs) : event.time,
    component: components.join(', '),
    method: 'RELOAD',
    url: summary,
    host: '',
    event,
    components,
  };
}

/** A reload row's words for the free-text filter (see `rowOwnText`). */
export function reloadRowText(row: ReloadRow): string {
  const { event } = row;
  const reloaded = event.kind === 'app.reloaded';
  return ['reload', row.url, ...row.components, ...(reloaded ? (event.files ?? []) : []), reloaded ? 'ok' : 'failed'].join(' ').toLowerCase();
}

/** The row of a build command that has just started. */
export function openBuildRow(started: BuildStartedEvent): BuildRow {
  return {
    id: started.id,
    traceId: started.traceId,
    kind: 'build',
    time: started.time,
    component: started.component,
    method: 'BUILD',
    url: started.command,
    host: '',
    started,
    output: [],
  };
}

/** `row` with a line of output, or its ending, added. */
export function updateBuildRow(row: BuildRow, event: BuildOutputEvent | BuildFinishedEvent): BuildRow {
  return event.kind === 'build.output' ? { ...row, output: [...row.output, event] } : { ...row, finished: event };
}

/** A build row's words for the free-text filter (see `rowOwnText`). */
export function buildRowText(row: BuildRow): string {
  const outcome = row.finished === undefined ? 'running' : row.finished.ok ? 'ok' : 'failed';
  return ['build', row.component, row.url, outcome].join(' ').toLowerCase();
}
