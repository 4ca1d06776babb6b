import { SpinscopeError } from '../errors/spinscope-error.js';

/** The engine itself failed: transpiling, caching, or a worker thread dying unexpectedly. */
export class EngineError extends SpinscopeError {
  readonly code = 'SPINSCOPE_ENGINE';
}
