/**
 * `wasi:config/store@0.2.0-draft-2024-09-27` over the component's own `variables`, as
 * Spin serves it (factor-variables host.rs): the same values as Spin's variables
 * interface, but a name that is not a valid variable name, or not one of the
 * component's, is simply absent. Values are resolved before the component runs, so
 * neither call can fail.
 */
import { variableNameProblem } from './spin-variables.js';
import { ok, type WitResult } from './wit-result.js';

/** `variant error { upstream(string), io(string) }` */
export type ConfigError = { tag: 'upstream'; val: string } | { tag: 'io'; val: string };

/** `interface store` */
export interface ConfigStore {
  /** `get: func(key: string) -> result<option<string>, error>;` */
  get(key: string): WitResult<string | undefined, ConfigError>;
  /** `get-all: func() -> result<list<tuple<string, string>>, error>;` */
  getAll(): WitResult<[string, string][], ConfigError>;
}

/** The `wasi:config/store` interface over one component's resolved `variables`. */
export function wasiConfig(values: ReadonlyMap<string, string>): Record<string, ConfigStore> {
  return {
    'wasi:config/store': {
      get: (key) => ok(variableNameProblem(key) === undefined ? values.get(key) : undefined),
      // Spin's order is a HashMap's, unspecified; this is the manifest's.
      getAll: () => ok([...values]),
    },
  };
}
