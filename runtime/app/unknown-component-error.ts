import { SpinscopeError } from '../errors/spinscope-error.js';

/** A component id the serving app does not have. */
export class UnknownComponentError extends SpinscopeError {
  readonly code = 'SPINSCOPE_UNKNOWN_COMPONENT';
  readonly component: string;

  constructor(component: string, known: readonly string[]) {
    super(`the app has no component "${component}"; its components are ${known.map((id) => `"${id}"`).join(', ')}`);
    this.component = component;
  }

  protected override fields(): Record<string, unknown> {
    return { component: this.component };
  }
}
