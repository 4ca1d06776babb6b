import type { ComponentAudit, EntryAudit } from '../api/contract.js';
import { formatAllowList } from '../permissions/index.js';
import { auditAllowedHosts } from '../session/index.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';
import { chosenComponents, loadRecordedSession, RECORDED_SESSION_OPTIONS } from './recorded-session.js';

const VERDICT_WORDING: Record<EntryAudit['verdict'], string> = { unused: 'unused   ', 'too-broad': 'too broad', needed: 'needed   ' };

/**
 * `spinscope hosts audit --events FILE.jsonl [-f spin.toml] [--component ID]`: per
 * component, spin.toml's allowed_outbound_hosts entries that allowed no recorded call,
 * those broader than the calls need and why, and the narrowest list that still allows
 * every call the list allows. Exit 0; 2 for bad input.
 */
export async function hostsAudit(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCliArgs(args, RECORDED_SESSION_OPTIONS);
  const { app, session } = await loadRecordedSession('audit', values, io, env);
  const chosen = new Set(chosenComponents(app, values.manifest, values.component));
  for (const audit of auditAllowedHosts(app, session).filter((each) => chosen.has(each.component))) {
    if (values.json) io.out(JSON.stringify(audit));
    else formatAudit(audit).forEach((line) => io.out(line));
  }
  return EXIT.ok;
}

function formatAudit(audit: ComponentAudit): string[] {
  // Every entry of a component the session never exercised is unused: no advice in that.
  if (audit.calls === 0) return [`${audit.component}: no recorded calls, so nothing to audit`];
  const head = `${audit.component}: ${audit.allowedCalls} of ${audit.calls} recorded ${audit.calls === 1 ? 'call' : 'calls'} allowed`;
  if (audit.unresolved !== undefined) return [head, `  the list denies everything, so it is kept as it is: ${audit.unresolved}`];
  if (audit.entries.length === 0) return [head, '  allowed_outbound_hosts is empty'];
  const unchanged = audit.narrowed.length === audit.current.length && audit.narrowed.every((entry, index) => entry === audit.current[index]);
  return [
    head,
    ...audit.entries.map(formatEntry),
    unchanged ? '  the list is already the narrowest' : `  narrowest list:\n${indent(formatAllowList(audit.narrowed))}`,
  ];
}

function formatEntry({ entry, verdict, reasons, narrowTo, allowed }: EntryAudit): string {
  const line = `  ${VERDICT_WORDING[verdict]}  ${entry}`;
  if (verdict === 'unused') return line;
  const calls = `${allowed} ${allowed === 1 ? 'call' : 'calls'}`;
  if (verdict === 'needed') return `${line}  (${calls})`;
  const narrowed = narrowTo.length === 1 && narrowTo[0] === entry ? 'kept as written' : `narrow to ${narrowTo.join(', ')}`;
  return `${line}  (${calls}; ${reasons.join(', ')}; ${narrowed})`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
