import { SpinscopeError } from '../errors/spinscope-error.js';

/** A template that does not parse, or a variable that cannot be resolved. */
export class VariableError extends SpinscopeError {
  readonly code = 'SPINSCOPE_VARIABLE';
  readonly variable: string | undefined;
  readonly template: string | undefined;
  /** The component whose `variables` the problem is in, if any. */
  readonly component: string | undefined;

  constructor(message: string, fields: { variable?: string; template?: string; component?: string; cause?: unknown } = {}) {
    super(message, { cause: fields.cause });
    this.variable = fields.variable;
    this.template = fields.template;
    this.component = fields.component;
  }

  protected override fields(): Record<string, unknown> {
    return { variable: this.variable, template: this.template, component: this.component };
  }
}
