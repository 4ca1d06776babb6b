import { SpinscopeError } from '../errors/spinscope-error.js';

/** Something needs the serving app, and none is running (stopped, or failed to load). */
export class AppNotRunningError extends SpinscopeError {
  readonly code = 'SPINSCOPE_NOT_RUNNING';

  constructor(what: string) {
    super(`${what}: no app is running; start it first`);
  }
}
