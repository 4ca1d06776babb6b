/**
 * Spin's variables interface: a component reads the values of its own
 * `[component.<id>.variables]`, resolved before it runs (Spin's
 * factor-variables). Values come in per component; the host only looks up.
 */
import { err, ok, type WitResult } from './wit-result.js';

/**
 * `variant error { invalid-name(string), undefined(string), provider(string), other(string) }`
 * of `fermyon:spin/variables@2.0.0`. Not `spin:variables/variables@3.0.0`:
 * Spin declares its `get` as a WASIp3 `async func`, whose jco 1.35 glue needs
 * JSPI even when lowered synchronously, and which a WASIp2 handler's
 * synchronous export may not call (docs/differences-from-spin.md, "Interfaces").
 */
export type VariablesError =
  | { tag: 'invalid-name'; val: string }
  | { tag: 'undefined'; val: string }
  | { tag: 'provider'; val: string }
  | { tag: 'other'; val: string };

/** `interface variables` of `fermyon:spin@2.0.0`. */
export interface VariablesInterface {
  /** `get: func(name: string) -> result<string, error>;` */
  get(name: string): WitResult<string, VariablesError>;
}

/**
 * Why `name` is not a valid variable name, or undefined when it is. Spin
 * checks a name before looking it up (spin-expressions `Key::new`): lower-case
 * letters, digits and single underscores, starting with a letter and ending
 * with a letter or digit.
 */
export function variableNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  const invalid = [...name].find((char) => !/^[a-z0-9_]$/.test(char));
  if (invalid !== undefined) {
    return `invalid character ${JSON.stringify(invalid)}. Variable names may contain only lower-case letters, numbers, and underscores.`;
  }
  if (!/^[a-z]/.test(name)) return 'must start with a lowercase ASCII letter';
  if (!/[a-z0-9]$/.test(name)) return 'must end with a lowercase ASCII letter or digit';
  if (name.includes('__')) return 'must not contain multiple consecutive underscores';
  return undefined;
}

/** The variables interface over one component's resolved `variables`. */
export function spinVariables(values: ReadonlyMap<string, string>): Record<string, VariablesInterface> {
  const variables: VariablesInterface = {
    get(name) {
      const problem = variableNameProblem(name);
      if (problem !== undefined) return err({ tag: 'invalid-name', val: `invalid variable name ${JSON.stringify(name)}: ${problem}` });
      const value = values.get(name);
      // Only the component's own [component.<id>.variables] are visible, as in Spin.
      if (value === undefined) return err({ tag: 'undefined', val: `no variable for "${name}"` });
      return ok(value);
    },
  };
  return { 'fermyon:spin/variables': variables };
}
