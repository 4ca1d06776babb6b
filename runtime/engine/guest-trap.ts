import { SpinscopeError } from '../errors/spinscope-error.js';

/** The guest trapped (or its handler failed) while handling a request; its instance is discarded. */
export class GuestTrap extends SpinscopeError {
  readonly code = 'SPINSCOPE_GUEST_TRAP';
  /** What the guest wrote to stderr before trapping, often the real explanation. */
  readonly stderr: string;

  constructor(message: string, fields: { stderr: string; cause?: unknown }) {
    super(message, { cause: fields.cause });
    this.stderr = fields.stderr;
  }

  protected override fields(): Record<string, unknown> {
    return { stderr: this.stderr };
  }
}
