import { UsageError } from '../errors/spinscope-error.js';

/** One `--variable key=value` flag. */
export interface VariableFlag {
  readonly name: string;
  readonly value: string;
}

/**
 * Parses `--variable key=value` as Spin's `VariableSource` does: split at the first
 * `=`, so the value may contain more. Spin's file forms (`key=@file`, `@file.json`,
 * `@file.toml`) are refused rather than taken literally. Throws {@link UsageError}.
 */
export function parseVariableFlag(flag: string): VariableFlag {
  if (flag.startsWith('@')) throw fileFormUnsupported(flag);
  const equals = flag.indexOf('=');
  if (equals < 0) throw new UsageError(`--variable ${JSON.stringify(flag)}: variables must be in the form 'key=value'`);
  const name = flag.slice(0, equals);
  const value = flag.slice(equals + 1);
  if (name === '') throw new UsageError(`--variable ${JSON.stringify(flag)}: the variable name before '=' is empty`);
  if (value.startsWith('@')) throw fileFormUnsupported(flag);
  return { name, value };
}

/** Parses repeated `--variable` flags into one map; a later flag for the same name wins, as in Spin. */
export function parseVariableFlags(flags: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const flag of flags) {
    const { name, value } = parseVariableFlag(flag);
    values[name] = value;
  }
  return values;
}

function fileFormUnsupported(flag: string): UsageError {
  return new UsageError(`--variable ${JSON.stringify(flag)}: Spinscope does not read variable files ('@file'); pass the value itself as key=value`);
}
