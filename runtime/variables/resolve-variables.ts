import type { VariableDeclaration } from '../manifest/index.js';
import { ResolvedVariables, type ResolvedVariable } from './resolved-variables.js';
import { VariableError } from './variable-error.js';

/** Where values come from besides the manifest's defaults. */
export interface VariableProviders {
  /** The process environment, read as `SPIN_VARIABLE_<NAME>`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `--variable key=value` values, by variable name. */
  readonly cliVariables?: Readonly<Record<string, string>>;
}

/**
 * Resolves every application variable the way `spin up` does: `--variable` first
 * (Spin inserts that provider ahead of all others), then `SPIN_VARIABLE_<NAME>` from
 * the environment, then the manifest `default` (spec §14.61). A required variable no
 * provider sets is a {@link VariableError} that says how to set it.
 */
export function resolveVariables(
  declarations: ReadonlyMap<string, VariableDeclaration>,
  providers: VariableProviders = {},
): ResolvedVariables {
  const resolved = new Map<string, ResolvedVariable>();
  const missing: string[] = [];
  for (const [name, declaration] of declarations) {
    const found = lookup(name, declaration, providers);
    if (found === undefined) missing.push(name);
    else resolved.set(name, { ...found, secret: declaration.secret });
  }
  if (missing.length > 0) throw missingRequired(missing);
  return new ResolvedVariables(resolved);
}

/** The environment variable Spin's env provider reads for `name`. */
export function envVariableName(name: string): string {
  return `SPIN_VARIABLE_${name.toUpperCase()}`;
}

function lookup(name: string, declaration: VariableDeclaration, providers: VariableProviders): Omit<ResolvedVariable, 'secret'> | undefined {
  const cli = providers.cliVariables;
  if (cli !== undefined && Object.hasOwn(cli, name)) return { value: cli[name] ?? '', source: 'cli' };
  const env = providers.env?.[envVariableName(name)];
  if (env !== undefined) return { value: env, source: 'env' };
  if (declaration.default !== undefined) return { value: declaration.default, source: 'default' };
  return undefined;
}

function missingRequired(names: readonly string[]): VariableError {
  const fix = (name: string): string => `set ${envVariableName(name)} or pass --variable ${name}=...`;
  const [first = ''] = names;
  const message =
    names.length === 1
      ? `required variable "${first}" has no value; ${fix(first)}`
      : `${names.length} required variables have no value:\n${names.map((name) => `  ${name}: ${fix(name)}`).join('\n')}`;
  return new VariableError(message, { variable: first });
}
