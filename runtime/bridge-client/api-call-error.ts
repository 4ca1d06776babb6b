import type { AppProblem } from '../api/contract.js';

/** A `SpinscopeApi` call that failed: the `AppProblem` the other side sent, as an `Error`. */
export class ApiCallError extends Error implements AppProblem {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly component?: string;
  /** The part of the call's arguments the problem is about, when the other side names one (a rule's `url`). */
  readonly field?: string;

  constructor(problem: AppProblem) {
    super(problem.message);
    this.name = problem.name;
    this.code = problem.code;
    if (problem.file !== undefined) this.file = problem.file;
    if (problem.line !== undefined) this.line = problem.line;
    if (problem.column !== undefined) this.column = problem.column;
    if (problem.component !== undefined) this.component = problem.component;
    const { field } = problem as { field?: unknown };
    if (typeof field === 'string') this.field = field;
  }
}

/** The problem a call to the bridge gets when the connection drops before its answer arrives. */
export const DISCONNECTED: AppProblem = {
  code: 'SPINSCOPE_BRIDGE_DISCONNECTED',
  name: 'BridgeError',
  message: 'The connection to spinscope ui dropped before it answered; check that `spinscope ui` is still running.',
};

/** The problem every call gets once the bridge has refused this page's token. */
export const UNAUTHORIZED: AppProblem = {
  code: 'SPINSCOPE_BRIDGE_UNAUTHORIZED',
  name: 'BridgeError',
  message: 'spinscope ui refused this page\'s token: it was restarted with a new one, or this page was opened without one. Open the address spinscope ui printed, with its ?token=.',
};

/** What went wrong, in words: over IPC a failure arrives as a plain `AppProblem` object, over the WebSocket as an `Error`. */
export function problemMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}
