import { callArgumentsProblem, type CallMethod, type SpinscopeApi } from '../api/contract.js';
import { UsageError } from '../errors/spinscope-error.js';

/** Something that answers some of the contract's calls: a `ProjectSession`, or the desktop's folder picker. */
export type ApiCalls = { readonly [M in CallMethod]?: SpinscopeApi[M] };

/**
 * Calls `method` of `api` with `args` as a transport received them: the one dispatch the
 * Electron IPC and the WebSocket bridge share. Arguments the contract's method table
 * (`API_METHODS`) does not accept are refused in its words with a `UsageError` before
 * `api` sees them, as is a method `api` does not have (the contract's optional
 * `pickProject`); a method that throws rather than rejects rejects the same way.
 */
export async function callApi(api: ApiCalls, method: CallMethod, args: readonly unknown[]): Promise<unknown> {
  const problem = callArgumentsProblem(method, args);
  if (problem !== undefined) throw new UsageError(problem);
  const call = api[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
  if (call === undefined) throw new UsageError(`${method} is not available here`);
  return call.call(api, ...args);
}
