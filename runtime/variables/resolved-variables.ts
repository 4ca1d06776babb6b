import { maskSecret } from './mask-secret.js';

/** Which provider gave a variable its value, in Spin's order of precedence (spec §14.61). */
export type VariableSource = 'cli' | 'env' | 'default';

/** One resolved application variable. */
export interface ResolvedVariable {
  readonly value: string;
  readonly source: VariableSource;
  readonly secret: boolean;
}

/** How a variable may be shown to a developer: secrets masked. */
export interface VariableDescription {
  readonly name: string;
  /** The value, or for a secret its masked form (`ab****`, `****`). */
  readonly display: string;
  readonly source: VariableSource;
  readonly secret: boolean;
}

/**
 * Application variables with their values. `get` gives real values to the code
 * that needs them (templates, policies); every way of printing the object
 * (`describe`, `toJSON`, `console.log`) masks secrets.
 */
export class ResolvedVariables {
  readonly #variables: ReadonlyMap<string, ResolvedVariable>;

  constructor(variables: ReadonlyMap<string, ResolvedVariable>) {
    this.#variables = variables;
  }

  /** The value of application variable `name`, or `undefined` if it is not declared. */
  get(name: string): string | undefined {
    return this.#variables.get(name)?.value;
  }

  /** Whether `name` is a declared application variable. */
  has(name: string): boolean {
    return this.#variables.has(name);
  }

  /** Declared variable names, in manifest order. */
  names(): string[] {
    return [...this.#variables.keys()];
  }

  /** A display-safe description of `name`, or `undefined` if it is not declared. */
  describe(name: string): VariableDescription | undefined {
    const variable = this.#variables.get(name);
    if (variable === undefined) return undefined;
    const display = variable.secret ? maskSecret(variable.value) : variable.value;
    return { name, display, source: variable.source, secret: variable.secret };
  }

  /** Every variable's display form, so `JSON.stringify` never prints a secret. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.names().map((name) => [name, this.describe(name)?.display ?? '']));
  }

  // Node's `console.log` / `util.inspect` hook: show the masked form there too.
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ResolvedVariables ${JSON.stringify(this.toJSON())}`;
  }
}
