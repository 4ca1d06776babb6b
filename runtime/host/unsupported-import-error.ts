import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * A component imports an interface (or a version of one, or a function of one) that no
 * Spinscope host module implements, so it cannot be instantiated.
 */
export class UnsupportedImportError extends SpinscopeError {
  readonly code = 'SPINSCOPE_UNSUPPORTED_IMPORT';
  /** The import as the component names it, e.g. `wasi:sockets/tcp@0.2.12`. */
  readonly interfaceName: string;
  /** The function of it that cannot be called, as the WIT names it (`[static]connection.open-async`); absent when the whole interface is unsupported. */
  readonly functionName: string | undefined;
  /** The manifest's id of the component, once the app knows which one it was. */
  readonly component: string | undefined;
  readonly #reason: string | undefined;

  /** `reason` says why, and what to import instead, when Spinscope knows. */
  constructor(interfaceName: string, options: { functionName?: string; reason?: string; component?: string } = {}) {
    const what = options.functionName === undefined ? interfaceName : `${interfaceName}'s \`${options.functionName}\``;
    const who = options.component === undefined ? 'the component' : `component "${options.component}"`;
    super(`${who} imports ${what}, which Spinscope does not implement${options.reason === undefined ? '' : `: ${options.reason}`}`);
    this.interfaceName = interfaceName;
    this.functionName = options.functionName;
    this.component = options.component;
    this.#reason = options.reason;
  }

  /** The same error, naming the component of the manifest that imports it. */
  inComponent(component: string): UnsupportedImportError {
    return new UnsupportedImportError(this.interfaceName, {
      ...(this.functionName === undefined ? {} : { functionName: this.functionName }),
      ...(this.#reason === undefined ? {} : { reason: this.#reason }),
      component,
    });
  }

  protected override fields(): Record<string, unknown> {
    return {
      interfaceName: this.interfaceName,
      ...(this.functionName === undefined ? {} : { functionName: this.functionName }),
      ...(this.component === undefined ? {} : { component: this.component }),
    };
  }
}
