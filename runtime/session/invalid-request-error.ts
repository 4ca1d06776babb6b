import type { DraftProblem } from '../api/request-draft.js';
import { SpinscopeError } from '../errors/spinscope-error.js';

/** A request an inspector asked to send holds something that cannot be sent; `part` says where. */
export class InvalidRequestError extends SpinscopeError {
  readonly code = 'SPINSCOPE_INVALID_REQUEST';
  readonly part: DraftProblem['part'];

  constructor(problem: DraftProblem) {
    super(`Cannot send the request: ${problem.message}.`);
    this.part = problem.part;
  }

  protected override fields(): Record<string, unknown> {
    return { part: this.part };
  }
}
