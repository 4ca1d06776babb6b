import { z } from 'zod';
import type { CallDecision, ComponentAudit, ComponentInfo, SpinscopeApi } from '../api/contract.js';
import type { Explanation } from '../api/explanation.js';
import { AllowedHosts, isSelfRequestUrl } from '../permissions/index.js';
import { UnknownComponentError } from '../app/unknown-component-error.js';
import { McpToolError } from './mcp-tool-error.js';
import { DENIAL_KINDS, denialLines, explanationLines, type DenialEvent } from './explain-denial.js';
import { recordedEvents } from './recorded-events.js';
import { guarded, toolResult } from './tool-result.js';
import type { ToolTable } from './tool-table.js';

/** The permission model: why a request was denied, what a policy allows, which list would do. */
export function policyTools(api: SpinscopeApi): ToolTable {
  return {
    explain_denial: {
      title: 'Explain a denial',
      description:
        'Explains a recorded denial: an outbound request or connection that a component\'s allowed_outbound_hosts refused (or a key-value store / SQLite database it may not open): ' +
        'Spin\'s reason, the entries that nearly matched and which part differed, the exact entry to add, and the component\'s list with it added. ' +
        'Give the id of the denied row (list_traffic with "decision:denied") or a traceId; the latest denial when neither is given.',
      inputSchema: {
        id: z.string().min(1).optional().describe('The id of the denied row (its outbound request) or of the denial event'),
        traceId: z.string().min(1).optional().describe('Explain the (first) denial of this trace'),
      },
      annotations: { readOnlyHint: true },
      run: guarded(async ({ id, traceId }: { id?: string; traceId?: string }) => {
        const denials = (await recordedEvents(api, { kinds: [...DENIAL_KINDS], ...(traceId === undefined ? {} : { traceId }) })) as DenialEvent[];
        const denial = id === undefined ? (traceId === undefined ? denials.at(-1) : denials[0]) : denials.find((event) => event.id === id || event.parentId === id);
        if (denial === undefined) throw new McpToolError('SPINSCOPE_MCP_NOT_FOUND', `no denial is recorded${id === undefined ? '' : ` with id "${id}"`}${traceId === undefined ? '' : ` in trace "${traceId}"`}; list_traffic with "decision:denied" lists them`);
        const component = (await api.components()).find((info) => info.id === denial.component);
        return toolResult(denialLines(denial, component), { denial: { kind: denial.kind, id: denial.id, traceId: denial.traceId, component: denial.component, ...(denial.kind === 'outbound.denied' ? { url: denial.url, explanation: denial.explanation } : { label: denial.label, message: denial.message, ...(denial.suggestion === undefined ? {} : { suggestion: denial.suggestion }) }) } });
      }),
    },
    check_urls: {
      title: 'Check URLs against a policy',
      description:
        'Says, per URL, whether Spin would let the component make the request with its allowed_outbound_hosts as enforced now (session changes included), as `spinscope hosts check` does: the entry that allows it or, if denied, why, the near misses and the entry to add. ' +
        'A path alone ("/api") or a URL on http://self.alt is a request to the app itself (self). Nothing is sent.',
      inputSchema: {
        component: z.string().min(1).describe('The component id'),
        urls: z.array(z.string().min(1)).min(1).max(100).describe('URLs to check, e.g. "https://api.example.com/v1"'),
        defaultScheme: z.string().min(1).optional().describe('Scheme for URLs written without one (default https)'),
      },
      annotations: { readOnlyHint: true },
      run: guarded(async ({ component, urls, defaultScheme = 'https' }: { component: string; urls: string[]; defaultScheme?: string }) => {
        const components = await api.components();
        const info = components.find((candidate) => candidate.id === component);
        if (info === undefined) throw new UnknownComponentError(component, components.map((candidate) => candidate.id));
        const explanations = urls.map((url) => checkUrl(info, components, url, defaultScheme));
        return toolResult(explanations.flatMap(explanationLines), { component, allAllowed: explanations.every((explanation) => explanation.allowed), explanations });
      }),
    },
    suggest_allow_list: {
      title: 'Suggest allow-lists',
      description:
        'Learn mode: for each component that made outbound requests this session, which of its allowed_outbound_hosts entries were used (kept), and which least-privilege entries would allow what was denied or is no longer listed (offered, Spin\'s suggestion rules: no wildcard hosts). ' +
        'The proposed list is kept + offered; apply it with set_allowed_hosts or save_allowed_hosts.',
      inputSchema: {
        component: z.string().min(1).optional().describe('Only this component'),
      },
      annotations: { readOnlyHint: true },
      run: guarded(async ({ component }: { component?: string }) => {
        const learned = (await api.learnAllowedHosts()).filter((entry) => component === undefined || entry.component === component);
        const proposals = learned.map((entry) => ({ ...entry, proposed: [...entry.kept, ...entry.offered.map((offer) => offer.entry)] }));
        const lines = proposals.length === 0
          ? [`no ${component === undefined ? 'component' : `"${component}"`} made an outbound request this session; send traffic first (send_request)`]
          : proposals.flatMap((proposal) => [
              `${proposal.component}: now ${JSON.stringify(proposal.current)}`,
              `  kept (used): ${JSON.stringify(proposal.kept)}${proposal.keptForScheme.length === 0 ? '' : `, of which kept for the scheme the session did not use: ${JSON.stringify(proposal.keptForScheme)}`}`,
              ...proposal.offered.map((offer) => `  offered: "${offer.entry}" (${offer.reason === 'denied' ? 'a request was denied' : 'allowed by an entry the list no longer holds'})`),
              `  proposed: ${JSON.stringify(proposal.proposed)}`,
            ]);
        return toolResult(lines, { components: proposals });
      }),
    },
    what_if_allowed_hosts: {
      title: 'What if a component had this allow-list',
      description:
        'Policy what-if: holds a proposed allowed_outbound_hosts list for a component against every outbound call it made this session and lists the calls whose decision would change ' +
        '(allowed -> denied, denied -> allowed), each with the entry that allowed it before or would after. Checked with the policy code the app enforces; nothing is applied.',
      inputSchema: {
        component: z.string().min(1).describe('The component id'),
        entries: z.array(z.string()).max(200).describe('The proposed list, entries as written in spin.toml ({{ var }} templates allowed)'),
      },
      annotations: { readOnlyHint: true },
      run: guarded(async ({ component, entries }: { component: string; entries: string[] }) => {
        const result = await api.whatIfAllowedHosts(component, entries);
        const lines = result.changes.length === 0
          ? [`${component}: none of the ${result.calls} recorded calls would change decision under ${JSON.stringify(entries)}`]
          : [
              `${component}: ${result.changes.length} of ${result.calls} recorded calls would change decision under ${JSON.stringify(entries)}`,
              ...result.changes.map(({ call, before, after }) => `  ${call.method} ${call.url} (id ${call.id}): ${decisionText(before)} -> ${decisionText(after)}`),
            ];
        return toolResult(lines, { whatIf: result });
      }),
    },
    audit_allowed_hosts: {
      title: 'Audit allow-lists',
      description:
        'Audits each component\'s allowed_outbound_hosts against the calls it made this session: entries that allowed nothing (unused), entries broader than the calls need (any scheme, any host, subdomain wildcards, wide CIDRs, port ranges, every port) and why, ' +
        'and the narrowest list that still allows every call the list allows now ({{ var }} entries kept as written). Check it with what_if_allowed_hosts; apply it with set_allowed_hosts or save_allowed_hosts.',
      inputSchema: {
        component: z.string().min(1).optional().describe('Only this component'),
      },
      annotations: { readOnlyHint: true },
      run: guarded(async ({ component }: { component?: string }) => {
        const audits = (await api.auditAllowedHosts()).filter((audit) => component === undefined || audit.component === component);
        const lines = audits.length === 0 ? [`no ${component === undefined ? 'component' : `component "${component}"`} to audit`] : audits.flatMap(auditLines);
        return toolResult(lines, { audits });
      }),
    },
  };
}

/**
 * The verdict on `url` under `info`'s list as enforced: its entries with variables resolved
 * (all unresolved, so the policy denies everything as Spin's would, when one cannot be)
 * and `*.spin.internal` expanded; an allowing entry is named as written.
 */
function checkUrl(info: ComponentInfo, components: readonly ComponentInfo[], url: string, defaultScheme: string): Explanation {
  const entries = info.allowedOutboundHosts;
  const resolved = entries.every((entry) => entry.resolved !== undefined) ? entries.map((entry) => entry.resolved as string) : entries.map((entry) => entry.raw);
  const hosts = AllowedHosts.parse(resolved, { componentIds: components.map((component) => component.id) });
  // A path alone or a URL on self.alt is a self request (spec §9.40).
  const explanation = isSelfRequestUrl(url) ? { ...hosts.explainRelative(), url } : hosts.explain(url, defaultScheme);
  const written = entries.find((entry) => entry.resolved === explanation.matchedBy)?.raw;
  return written === undefined ? explanation : { ...explanation, matchedBy: written };
}

function decisionText(decision: CallDecision): string {
  if (!decision.allowed) return 'denied';
  return decision.allowedBy === undefined ? 'allowed' : `allowed by "${decision.allowedBy}"`;
}

function auditLines(audit: ComponentAudit): string[] {
  if (audit.calls === 0) return [`${audit.component}: made no outbound call this session; nothing to audit (list ${JSON.stringify(audit.current)})`];
  return [
    `${audit.component}: ${audit.allowedCalls} of ${audit.calls} recorded calls allowed by ${JSON.stringify(audit.current)}${audit.unresolved === undefined ? '' : ` (${audit.unresolved})`}`,
    ...audit.entries.map((entry) => `  "${entry.entry}": ${entry.verdict}${entry.reasons.length === 0 ? '' : ` (${entry.reasons.join(', ')})`}, allowed ${entry.allowed}`),
    `  narrowest list: ${JSON.stringify(audit.narrowed)}`,
  ];
}
