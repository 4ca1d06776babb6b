import { SpinscopeError } from '../errors/spinscope-error.js';

/** The inspector bridge could not start, or a browser sent a message the protocol does not allow. */
export class BridgeError extends SpinscopeError {
  readonly code = 'SPINSCOPE_BRIDGE';
}
