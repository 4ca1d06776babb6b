import { z } from 'zod';
import type { ComponentInfo, SpinscopeApi } from '../api/contract.js';
import { McpToolError } from './mcp-tool-error.js';
import { guarded, toolResult } from './tool-result.js';
import type { ToolTable } from './tool-table.js';

/** Every change an agent makes is marked as its own in the event stream (`app.reloaded`'s `actor`). */
const AGENT = { actor: 'agent' } as const;

const WRITES_OFF = 'writes are off: this spinscope mcp server was started without --allow-writes, so it may not change allowed_outbound_hosts, spin.toml or the running app; the developer can restart it with `spinscope mcp --allow-writes ...` to allow that';

const ENTRIES = z.array(z.string()).max(200).describe('The whole new allowed_outbound_hosts list, as it would be written in spin.toml (e.g. "https://api.example.com", "{{ api_url }}"); it replaces the current one');

/**
 * The tools that change something: allowed hosts for the session, saved to spin.toml, a
 * reload. Without `allowWrites` they are listed (so an agent learns they exist) but each
 * call is refused with SPINSCOPE_MCP_WRITES_OFF, saying how to allow it.
 */
export function writeTools(api: SpinscopeApi, allowWrites: boolean): ToolTable {
  const offNote = allowWrites ? '' : ' Off in this server: it was started without --allow-writes, and a call is refused.';
  const refuse = async (): Promise<never> => {
    throw new McpToolError('SPINSCOPE_MCP_WRITES_OFF', WRITES_OFF);
  };
  return {
    set_allowed_hosts: {
      title: 'Set allowed hosts for the session',
      description:
        'Replaces a component\'s allowed_outbound_hosts in the running app, from its next outbound request, without writing spin.toml (a session change; the inspector shows it as made by the agent). ' +
        'Entries are checked with Spin\'s rules first; a bad one is refused with Spin\'s message and nothing changes.' + offNote,
      inputSchema: { component: z.string().min(1).describe('The component id'), entries: ENTRIES },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
      run: guarded(async ({ component, entries }: { component: string; entries: string[] }) => {
        if (!allowWrites) return refuse();
        return listResult(await api.setAllowedHosts(component, entries, { save: false, ...AGENT }), component, 'set for this session (spin.toml unchanged)');
      }),
    },
    save_allowed_hosts: {
      title: 'Save allowed hosts to spin.toml',
      description:
        'Writes a component\'s allowed_outbound_hosts into spin.toml in place (comments, order and layout of everything else kept) and reloads the app from it; the inspector shows the reload as made by the agent. ' +
        'Entries are checked with Spin\'s rules first.' + offNote,
      inputSchema: { component: z.string().min(1).describe('The component id'), entries: ENTRIES },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
      run: guarded(async ({ component, entries }: { component: string; entries: string[] }) => {
        if (!allowWrites) return refuse();
        const { manifestFile } = await api.status();
        return listResult(await api.setAllowedHosts(component, entries, { save: true, ...AGENT }), component, `saved to ${manifestFile ?? 'spin.toml'} and reloaded`);
      }),
    },
    reload_app: {
      title: 'Reload the app',
      description:
        'Reloads spin.toml and the components from disk and restarts the app in place (requests in flight finish; session changes are kept), as the inspector\'s Restart does; returns the new status. The inspector shows the reload as made by the agent.' + offNote,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
      run: guarded(async () => {
        if (!allowWrites) return refuse();
        const status = await api.restart(AGENT);
        const problem = status.problem === undefined ? [] : [`problem: ${status.problem.code}: ${status.problem.message}`];
        return toolResult([`reloaded: ${status.state}`, ...problem], { status });
      }),
    },
  };
}

function listResult(components: readonly ComponentInfo[], component: string, what: string) {
  const info = components.find((candidate) => candidate.id === component);
  const entries = info?.allowedOutboundHosts.map((entry) => entry.raw) ?? [];
  return toolResult([`allowed_outbound_hosts of ${component} ${what}: ${JSON.stringify(entries)}`], { component, allowedOutboundHosts: entries, unsaved: info?.unsaved === true });
}
