import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppProblem } from '../api/contract.js';
import { ApiCallError } from '../bridge-client/api-call-error.js';
import { appProblemOf } from '../session/app-problem.js';

/** A tool's answer: `lines` as its text content and, when given, `data` as its structured content. */
export function toolResult(lines: readonly string[], data?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: lines.join('\n') }], ...(data === undefined ? {} : { structuredContent: data }) };
}

/**
 * An error as an MCP tool error (`isError`): the API's code and message as the text, and
 * the whole `AppProblem` as `structuredContent.error`, the same whether the API ran in
 * process or answered over the bridge.
 */
export function toolError(error: unknown): CallToolResult {
  const problem = problemOf(error);
  return { isError: true, content: [{ type: 'text', text: `${problem.code}: ${problem.message}` }], structuredContent: { error: problem } };
}

/** Runs a tool's body, turning what it throws into {@link toolError}. */
export function guarded<A extends unknown[]>(body: (...args: A) => Promise<CallToolResult>): (...args: A) => Promise<CallToolResult> {
  return async (...args) => {
    try {
      return await body(...args);
    } catch (error) {
      return toolError(error);
    }
  };
}

// Over the bridge a failure arrives as an ApiCallError carrying the AppProblem the session
// made of it; in process it is the error itself, which the bridge would have converted so.
function problemOf(error: unknown): AppProblem {
  if (!(error instanceof ApiCallError)) return appProblemOf(error);
  const { code, name, message, file, line, column, component } = error;
  return {
    code,
    name,
    message,
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
    ...(component === undefined ? {} : { component }),
  };
}
