import type { DecisionChange, WhatIfResult } from '../api/contract.js';
import { whatIfAllowedHosts } from '../session/index.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';
import { chosenComponents, loadRecordedSession, RECORDED_SESSION_OPTIONS } from './recorded-session.js';

/**
 * `spinscope hosts what-if --events FILE.jsonl [-f spin.toml] [--component ID]`: the
 * recorded calls whose decision spin.toml's allowed_outbound_hosts, as they are now, would
 * change against the decision recorded when each was made. Exit 1 when a call that was
 * allowed would be denied, else 0; 2 for bad input.
 */
export async function hostsWhatIf(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCliArgs(args, RECORDED_SESSION_OPTIONS);
  const { app, session } = await loadRecordedSession('what-if', values, io, env);
  const results = chosenComponents(app, values.manifest, values.component).map((component) =>
    whatIfAllowedHosts(app, session, component, app.manifest.components.get(component)?.allowedOutboundHosts ?? []),
  );
  for (const result of results) {
    if (values.json) io.out(JSON.stringify(result));
    else formatWhatIf(result).forEach((line) => io.out(line));
  }
  const breaks = results.some((result) => result.changes.some((change) => change.before.allowed));
  return breaks ? EXIT.denied : EXIT.ok;
}

function formatWhatIf(result: WhatIfResult): string[] {
  const { component, calls, changes } = result;
  if (calls === 0) return [`${component}: no recorded calls`];
  if (changes.length === 0) return [`${component}: no change over ${count(calls)}`];
  return [`${component}: ${changes.length} of ${count(calls)} would change`, ...changes.map(formatChange)];
}

function formatChange({ call, before, after }: DecisionChange): string {
  const why = after.allowed ? `would be allowed by ${after.allowedBy}` : before.allowedBy === undefined ? 'was allowed' : `was allowed by ${before.allowedBy}`;
  const direction = after.allowed ? 'denied -> allowed' : 'allowed -> denied';
  return `  ${direction}  ${call.method} ${call.url}  (${why}; trace ${call.traceId}, event ${call.id})`;
}

function count(calls: number): string {
  return `${calls} recorded ${calls === 1 ? 'call' : 'calls'}`;
}
