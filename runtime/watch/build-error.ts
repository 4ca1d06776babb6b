import { SpinscopeError } from '../errors/spinscope-error.js';

/** A component's `build.command` failed; the last good version keeps serving. */
export class BuildError extends SpinscopeError {
  readonly code = 'SPINSCOPE_BUILD';
  readonly component: string;
  readonly command: string;
  readonly exitCode: number | undefined;

  constructor(message: string, fields: { component: string; command: string; exitCode?: number; cause?: unknown }) {
    super(message, { cause: fields.cause });
    this.component = fields.component;
    this.command = fields.command;
    this.exitCode = fields.exitCode;
  }

  protected override fields(): Record<string, unknown> {
    return { component: this.component, command: this.command, ...(this.exitCode === undefined ? {} : { exitCode: this.exitCode }) };
  }
}
