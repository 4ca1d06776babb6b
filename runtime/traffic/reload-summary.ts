import type { AppFailedEvent, AppReloadedEvent } from '../api/events.js';

/**
 * A reload in one line, the way the traffic list shows it: what set it off, then what
 * changed, e.g. `spin.toml: allowed_outbound_hosts of backend` or
 * `index.js: component frontend rebuilt`. A failed attempt reads `failed: ` and the
 * first line of its error.
 */
export function reloadSummary(event: AppReloadedEvent | AppFailedEvent): string {
  if (event.kind === 'app.failed') return `failed: ${event.error.message.split('\n')[0] ?? ''}`;
  const changes = reloadChangeList(event);
  return `${reloadCause(event)}: ${changes.length > 0 ? changes.join('; ') : 'nothing changed'}`;
}

/** What set a reload off: the changed files' names, else `restart` or `session change`; `, by agent` after an agent's. */
function reloadCause(event: AppReloadedEvent): string {
  const by = event.actor === 'agent' ? ', by agent' : '';
  if (event.files !== undefined && event.files.length > 0) return `${event.files.map(fileName).join(', ')}${by}`;
  return `${event.trigger === 'session' ? 'session change' : event.trigger}${by}`;
}

/** What set a reload off, in words, for the detail pane. */
export function describeTrigger(event: AppReloadedEvent): string {
  const agent = event.actor === 'agent';
  switch (event.trigger) {
    case 'watch':
      return 'a watched file changed';
    case 'session':
      return `a session change to allowed_outbound_hosts${agent ? ' by an agent (spinscope mcp)' : ''} (not saved to spin.toml)`;
    case 'restart':
      if (event.files !== undefined && event.files.length > 0) return `allowed_outbound_hosts saved to spin.toml ${agent ? 'by an agent (spinscope mcp)' : 'from the inspector'}`;
      return agent ? 'Restart by an agent (spinscope mcp)' : 'Restart';
  }
}

/**
 * What a reload changed, one phrase each. A component restarted because its
 * `build.watch` sources changed (a watch reload follows a build only then) was rebuilt.
 */
function reloadChangeList(event: AppReloadedEvent): string[] {
  const { restarted, removed, policies, routes } = event.changes;
  const restartedHow = wasRebuild(event) ? 'rebuilt' : 'restarted';
  return [
    ...(restarted.length > 0 ? [`${components(restarted)} ${restartedHow}`] : []),
    ...(removed.length > 0 ? [`${components(removed)} removed`] : []),
    ...(policies.length > 0 ? [`allowed_outbound_hosts of ${policies.join(', ')}`] : []),
    ...(routes ? ['routes'] : []),
  ];
}

/** Whether a watched source file (neither a manifest nor a wasm file) set the reload off, so a build ran first. */
export function wasRebuild(event: AppReloadedEvent): boolean {
  return event.trigger === 'watch' && (event.files ?? []).some((file) => !/\.(toml|wasm)$/i.test(file));
}

/** The last segment of a path, POSIX or Windows. */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function components(ids: readonly string[]): string {
  return `${ids.length === 1 ? 'component' : 'components'} ${ids.join(', ')}`;
}
