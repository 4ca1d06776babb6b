import { McpServer, type ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ZodRawShape } from 'zod';
import type { SpinscopeApi } from '../api/contract.js';
import { AlertFeed, DENIALS_URI, FAILED_BUILDS_URI, MAX_DENIALS, MAX_FAILED_BUILDS } from './alert-feed.js';
import { appTools } from './app-tools.js';
import { policyTools } from './policy-tools.js';
import type { ToolTable } from './tool-table.js';
import { trafficTools } from './traffic-tools.js';
import { writeTools } from './write-tools.js';

/** How `spinscope mcp` serves. */
export interface SpinscopeMcpOptions {
  /** Spinscope's version, for the MCP handshake. */
  readonly version: string;
  /** Let the write tools run (`--allow-writes`); they refuse every call otherwise. */
  readonly allowWrites: boolean;
  /** Where problems of the server itself go (never stdout, the MCP channel). */
  readonly log: (line: string) => void;
}

/** An MCP server over one `SpinscopeApi`, and how to stop it following the API's events. */
export interface SpinscopeMcp {
  readonly server: McpServer;
  close(): Promise<void>;
}

const INSTRUCTIONS = `Spinscope runs a Spin (WebAssembly) app locally exactly as spin up does, enforces each component's allowed_outbound_hosts and records every request, outbound call, denial and host call.
Start with app_status, then list_traffic (the inspector's filter language, e.g. "decision:denied"), get_trace for one trace with bodies, explain_denial for why a request was denied and the entry that fixes it, check_urls to test URLs against a component's policy without sending anything, and send_request / replay_trace to exercise the app.
Writes (set_allowed_hosts, save_allowed_hosts, reload_app) need the server started with --allow-writes; the developer's inspector shows each as made by the agent.
Subscribe to ${DENIALS_URI} and ${FAILED_BUILDS_URI} to hear of new denials and failed builds.`;

/**
 * The Model Context Protocol face of Spinscope: tools and resources written only against
 * `SpinscopeApi`, so they behave the same over a `ProjectSession` in process and over the
 * bridge of a running `spinscope ui`.
 */
export function createSpinscopeMcp(api: SpinscopeApi, options: SpinscopeMcpOptions): SpinscopeMcp {
  const server = new McpServer(
    { name: 'spinscope', title: 'Spinscope', version: options.version },
    { capabilities: { tools: {}, resources: { subscribe: true } }, instructions: INSTRUCTIONS },
  );
  const tools: ToolTable = { ...trafficTools(api), ...policyTools(api), ...appTools(api), ...writeTools(api, options.allowWrites) };
  for (const [name, tool] of Object.entries(tools)) {
    const { title, description, inputSchema, annotations } = tool;
    const config = { title, description, ...(inputSchema === undefined ? {} : { inputSchema }), ...(annotations === undefined ? {} : { annotations }) };
    server.registerTool(name, config, tool.run as unknown as ToolCallback<ZodRawShape>);
  }

  const subscribed = new Set<string>();
  const alerts = new AlertFeed(api, (uri) => {
    if (!subscribed.has(uri) || !server.isConnected()) return;
    server.server.sendResourceUpdated({ uri }).catch((error: unknown) => options.log(`could not notify the MCP client that ${uri} changed: ${String(error)}`));
  });
  const json = (uri: URL, value: unknown) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] });
  server.registerResource(
    'denials',
    DENIALS_URI,
    { title: 'New denials', description: `Denials recorded since this server started (outbound requests allowed_outbound_hosts refused, stores a component may not open), oldest first, the latest ${MAX_DENIALS}; subscribe to hear of each new one. explain_denial explains one.`, mimeType: 'application/json' },
    async (uri) => json(uri, alerts.denials),
  );
  server.registerResource(
    'failed-builds',
    FAILED_BUILDS_URI,
    { title: 'Failed builds', description: `Builds (--watch) that failed since this server started, oldest first, the latest ${MAX_FAILED_BUILDS}; subscribe to hear of each new one. build_output has their lines.`, mimeType: 'application/json' },
    async (uri) => json(uri, alerts.failedBuilds),
  );
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  return {
    server,
    close: async () => {
      alerts.close();
      await server.close();
    },
  };
}
