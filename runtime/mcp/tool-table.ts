import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ZodRawShape } from 'zod';

/** One tool of `spinscope mcp`: what an MCP client lists, and what a call runs. */
export interface ToolDefinition {
  readonly title: string;
  /** What it does and returns, for the agent choosing a tool. */
  readonly description: string;
  /** Its arguments; validated by the SDK before `run` sees them. */
  readonly inputSchema?: ZodRawShape;
  readonly annotations?: ToolAnnotations;
  /** Runs a call with the validated arguments; an API error comes back as a tool error, never thrown. */
  readonly run: (args: never) => Promise<CallToolResult>;
}

/** Tools by name. */
export type ToolTable = Readonly<Record<string, ToolDefinition>>;
