import type { StoreKind } from '../api/events.js';
import { SpinscopeError } from '../errors/spinscope-error.js';

/** A key-value store or SQLite database label a component's list cannot hold: malformed, or not defined by the app. */
export class StoreLabelError extends SpinscopeError {
  readonly code = 'SPINSCOPE_STORE_LABEL';
  readonly field: StoreKind;
  readonly label: string;

  constructor(field: StoreKind, label: string, message: string) {
    super(message);
    this.field = field;
    this.label = label;
  }

  protected override fields(): Record<string, unknown> {
    return { field: this.field, label: this.label };
  }
}
