import type { AppProblem } from '../api/contract.js';
import type { ErrorInfo } from '../api/events.js';
import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * An error in the `AppProblem` form the inspector shows: code, name, message and,
 * where the error has them, the manifest location and component. Errors that are
 * not SpinscopeErrors (a bug, or an unexpected system error) keep their name and
 * message so the developer still sees what happened.
 */
export function appProblemOf(error: unknown): AppProblem {
  if (!(error instanceof SpinscopeError)) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    return { code: typeof code === 'string' ? code : 'SPINSCOPE_UNEXPECTED', name, message };
  }
  const { code, name, message, file, line, column, component } = error.toJSON();
  return {
    code,
    name,
    message,
    ...(typeof file === 'string' ? { file } : {}),
    ...(typeof line === 'number' ? { line } : {}),
    ...(typeof column === 'number' ? { column } : {}),
    ...(typeof component === 'string' ? { component } : {}),
  };
}

/** The event form of a problem: `{ code, name, message }`. */
export function errorInfoOf(problem: AppProblem): ErrorInfo {
  return { code: problem.code, name: problem.name, message: problem.message };
}
