import { SpinscopeError } from '../errors/spinscope-error.js';

/** A template that does not parse, or a variable that cannot be resolved. */
export class VariableError extends SpinscopeError {
  readonly code = 'SPINSCOPE_VARIABLE';
  readonly variable: string | undefined;
  readonly template: string | undefined;

  constructor(message: string, fields: { variable?: string; template?: string } = {}) {
    super(message);
    this.variable = fields.variable;
    this.template = fields.template;
  }

  protected override fields(): Record<string, unknown> {
    return { variable: this.variable, template: this.template };
  }
}
