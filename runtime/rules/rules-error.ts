import { SpinscopeError } from '../errors/spinscope-error.js';

/** The outbound rules are not wired to the session yet. */
export class RulesNotReadyError extends SpinscopeError {
  readonly code = 'SPINSCOPE_RULES';

  constructor() {
    super('outbound rules are not available yet');
  }
}
