import { basename } from 'node:path';
import type { AppReloadedEvent, HostCallError, InboundRequestEvent, InboundTarget, SpinscopeEvent, SqliteEvent } from '../api/events.js';
import type { RuleApplied } from '../api/contract.js';

/**
 * Turns events into `spinscope up`'s log: one line per finished inbound request,
 * outbound call, chain hop and guest log line, and Spin's own three lines for a
 * denial (spec §12.54), so the output reads like `spin up` with the traffic added.
 */
export class LiveLog {
  /** Inbound requests still running, to print their method and path when they finish. */
  readonly #pending = new Map<string, InboundRequestEvent>();
  /** The app's spin.toml, named in the `hosts allow` command a denial suggests. */
  readonly #manifestFile: string | undefined;

  constructor(manifestFile?: string) {
    this.#manifestFile = manifestFile;
  }

  /** After Spin's lines, the command that adds the suggested entry (where Spin prints one). */
  #allowCommand(component: string, suggestion: string | undefined): string[] {
    if (this.#manifestFile === undefined || suggestion === undefined) return [];
    return [`Or run: spinscope hosts allow -f ${this.#manifestFile} --component ${component} '${suggestion}'`];
  }

  /** The lines to print for `event`; none for events that only open a request. */
  linesFor(event: SpinscopeEvent): string[] {
    switch (event.kind) {
      case 'inbound.request':
        this.#pending.set(event.id, event);
        return event.chainedFrom === undefined ? [] : [`  chain ${event.chainedFrom} -> ${event.component} ${event.method} ${event.pathWithQuery}`];
      case 'inbound.response':
        return [`${this.#finish(event.parentId)} -> ${answeredBy(event)} ${event.status} ${event.timings.end - event.timings.start}ms ${event.body.size}B`];
      case 'inbound.error':
        return [`${this.#finish(event.parentId)} -> ${answeredBy(event)} ${event.dropped ? 'dropped' : '500'} (${event.error.name}: ${event.error.message})`];
      case 'outbound.response':
        return [`  ${event.component} -> ${event.url} ${event.status} ${event.timings.end - event.timings.start}ms ${event.body.size}B${ruleNote(event.rule)}`];
      case 'outbound.error':
        return [`  ${event.component} -> ${event.url} failed: ${event.error.message} (guest sees ${event.guestError})${ruleNote(event.rule)}`];
      case 'outbound.denied':
        return [
          `  ${event.component} -> ${event.url} DENIED`,
          ...(event.spinLines?.slice(1) ?? [`  ${event.explanation.denial?.message ?? ''}`]),
          ...this.#allowCommand(event.component, event.explanation.suggestion),
        ];
      case 'guest.log':
        return [`  [${event.component} ${event.stream}] ${event.line}`];
      case 'kv.operation':
        return [`  ${event.component} key-value ${JSON.stringify(event.store)} ${hostCallLine(event.operation, event.keys, event.result, event)}`];
      case 'sqlite.operation':
        return [`  ${event.component} sqlite ${JSON.stringify(event.database)} ${hostCallLine(event.operation, event.statement === undefined ? undefined : [event.statement], event.result ?? rowsLine(event), event)}`];
      case 'kv.denied':
      case 'sqlite.denied':
        return [`  ${event.component} ${event.kind === 'kv.denied' ? 'key-value store' : 'SQLite database'} ${JSON.stringify(event.label)} DENIED (${event.error?.tag ?? 'denied'})`, `  ${event.message}`];
      case 'host.unsupported':
        return [`  ${event.component} ${event.interface} ${event.function}${event.address === undefined ? '' : ` ${event.address}`}: ${event.error.message ?? event.error.tag}`];
      case 'app.failed':
        return [`Error: ${event.error.message}`];
      case 'app.reloaded':
        return [reloadLine(event)];
      case 'build.started':
        // Spin's `spin build` step line.
        return [`Building component ${event.component} with \`${event.command}\``];
      case 'build.output':
        return [`  ${event.line}`];
      case 'build.finished':
        return event.ok
          ? [`Finished building component ${event.component} in ${formatMs(event.durationMs)}`]
          : [`Error: ${event.error?.message ?? `Build command for component ${event.component} failed`}; the last good version keeps serving`];
      case 'outbound.request':
      case 'chain.hop':
      case 'app.loaded':
      // Printed on stderr by what raised it, with the other warnings.
      case 'app.warning':
        return [];
    }
  }

  /** `METHOD path` of a finished inbound request, indented when it was a chained hop. */
  #finish(requestId: string | undefined): string {
    const request = requestId === undefined ? undefined : this.#pending.get(requestId);
    if (requestId !== undefined) this.#pending.delete(requestId);
    if (request === undefined) return '?';
    return `${request.chainedFrom === undefined ? '' : '    '}${request.method} ${request.pathWithQuery}`;
  }
}

/** `get ["counter"] found 0.4ms`, or the WIT error the guest got. */
function hostCallLine(operation: string, subjects: readonly string[] | undefined, result: string | undefined, call: { durationMs: number; error?: HostCallError }): string {
  const what = subjects === undefined ? operation : `${operation} ${subjects.map((subject) => JSON.stringify(subject)).join(' ')}`;
  const outcome = call.error === undefined ? (result ?? 'ok') : `failed: ${call.error.tag}${call.error.message === undefined ? '' : ` (${call.error.message})`}`;
  return `${what} ${outcome} ${formatMs(call.durationMs)}`;
}

/** `3 rows` for a statement that returns rows; nothing for one that does not. */
function rowsLine(event: SqliteEvent): string | undefined {
  if (event.columns === undefined || event.columns.length === 0 || event.rowCount === undefined) return undefined;
  return `${event.rowCount} ${event.rowCount === 1 ? 'row' : 'rows'}`;
}

/** ` [rule "offline api": stub]` for a call an outbound rule acted on. */
function ruleNote(rule: RuleApplied | undefined): string {
  return rule === undefined ? '' : ` [rule ${JSON.stringify(rule.name)}: ${rule.action}]`;
}

/** `Reloaded in 42ms (spin.toml): restarted web; allowed_outbound_hosts of api; routes`. */
function reloadLine(event: AppReloadedEvent): string {
  const { restarted, removed, policies, routes } = event.changes;
  const what = [
    restarted.length > 0 ? `restarted ${restarted.join(', ')}` : '',
    removed.length > 0 ? `removed ${removed.join(', ')}` : '',
    policies.length > 0 ? `allowed_outbound_hosts of ${policies.join(', ')}` : '',
    routes ? 'routes' : '',
  ].filter((part) => part !== '');
  const why = event.trigger === 'watch' ? ` (${(event.files ?? []).map((file) => basename(file)).join(', ')})` : event.trigger === 'session' ? ' (session change)' : '';
  return `Reloaded in ${formatMs(event.durationMs)}${why}: ${what.length > 0 ? what.join('; ') : 'nothing changed'}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** The component that answered, or the id of the `static_response` trigger that did. */
function answeredBy(target: InboundTarget): string {
  return target.component ?? target.staticTrigger;
}
