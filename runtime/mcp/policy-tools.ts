import { z } from 'zod';
import type { ComponentInfo, SpinscopeApi } from '../api/contract.js';
import type { Explanation } from '../api/explanation.js';
import { AllowedHosts, isPathOnlyUrl } from '../permissions/index.js';
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
        'A path alone ("/api") is a request to the app itself (self). Nothing is sent.',
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
    // Integrator: the allow-list audit (`auditAllowedHosts()`, branch policy-insight) goes here, as `audit_allowed_hosts`.
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
  // A path-only URL is a relative ("self") request (spec §9.40).
  const explanation = isPathOnlyUrl(url) ? { ...hosts.explainRelative(), url } : hosts.explain(url, defaultScheme);
  const written = entries.find((entry) => entry.resolved === explanation.matchedBy)?.raw;
  return written === undefined ? explanation : { ...explanation, matchedBy: written };
}
