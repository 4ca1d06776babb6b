import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * A component imports an interface (or a version of one) that no Spinscope
 * host module implements, so it cannot be instantiated.
 */
export class UnsupportedImportError extends SpinscopeError {
  readonly code = 'SPINSCOPE_UNSUPPORTED_IMPORT';
  /** The import as the component names it, e.g. `wasi:sockets/tcp@0.2.12`. */
  readonly interfaceName: string;

  constructor(interfaceName: string) {
    super(`the component imports ${interfaceName}, which Spinscope does not implement`);
    this.interfaceName = interfaceName;
  }

  protected override fields(): Record<string, unknown> {
    return { interfaceName: this.interfaceName };
  }
}
