/**
 * `spinscope mcp` driven as an agent's MCP client drives it: the real built binary over
 * stdio, through the SDK's own `Client` and `StdioClientTransport`.
 */
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const SHARED_CACHE_HOME = fileURLToPath(new URL('../../.cache/xdg-cache', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../resources/examples/hello-spinscope/', import.meta.url));

/** A connected client of a `spinscope mcp` process, and what the process printed on stderr. */
export interface McpSession {
  readonly client: Client;
  readonly stderr: () => string;
  /** Calls a tool; the result as the client got it. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * Starts `spinscope mcp ...args` with its config under `work` and the repository's shared
 * transpile cache (keyed by content), and connects the SDK's client to it.
 */
export async function connectMcp(work: string, args: readonly string[], env: Record<string, string> = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...args],
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: SHARED_CACHE_HOME, XDG_CONFIG_HOME: join(work, 'config'), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'spinscope-test', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`spinscope mcp did not start: ${String(error)}\n${stderr}`);
  }
  return {
    client,
    stderr: () => stderr,
    call: async (name, callArgs = {}) => (await client.callTool({ name, arguments: callArgs })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text of a tool result. */
export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/** A copy of the bundled example (its spin.toml and built components) in `dir`, to edit freely. */
export async function copyExample(dir: string): Promise<string> {
  await mkdir(join(dir, '.cache'), { recursive: true });
  await cp(join(EXAMPLE, 'spin.toml'), join(dir, 'spin.toml'));
  for (const component of ['frontend', 'backend']) await cp(join(EXAMPLE, '.cache', `${component}.wasm`), join(dir, '.cache', `${component}.wasm`));
  return dir;
}
