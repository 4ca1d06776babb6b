import { SpinscopeError } from '../errors/spinscope-error.js';

/** The guest ran longer than the configured timeout; its worker thread was terminated. */
export class GuestTimeout extends SpinscopeError {
  readonly code = 'SPINSCOPE_GUEST_TIMEOUT';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`the guest did not answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }

  protected override fields(): Record<string, unknown> {
    return { timeoutMs: this.timeoutMs };
  }
}
