import { SpinscopeError } from '../errors/spinscope-error.js';

/** The listener could not bind its address (`--listen`), or the address does not parse. */
export class ListenError extends SpinscopeError {
  readonly code = 'SPINSCOPE_LISTEN';
  /** The `--listen` text or the address that failed. */
  readonly address: string;

  constructor(message: string, address: string, options?: { cause?: unknown }) {
    super(message, options);
    this.address = address;
  }

  protected override fields(): Record<string, unknown> {
    return { address: this.address };
  }
}
