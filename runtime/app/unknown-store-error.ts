import { SpinscopeError } from '../errors/spinscope-error.js';

/** An inspector named a key-value store the app does not define. */
export class UnknownStoreError extends SpinscopeError {
  readonly code = 'SPINSCOPE_UNKNOWN_STORE';
  readonly store: string;

  constructor(store: string, known: readonly string[]) {
    super(`the app defines no key-value store "${store}"; it has ${known.map((label) => `"${label}"`).join(', ')}`);
    this.store = store;
  }

  protected override fields(): Record<string, unknown> {
    return { store: this.store };
  }
}
