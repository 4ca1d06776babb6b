import { UsageError } from '../errors/spinscope-error.js';

/**
 * Parses `--env KEY=VALUE` flags as `spin up` does (`parse_env_var`): split at the first
 * `=`, so the value may hold more, and an empty key or value is accepted. Throws a
 * {@link UsageError} with clap's wording for Spin's message.
 */
export function parseEnvFlags(flags: readonly string[]): [string, string][] {
  return flags.map((flag) => {
    const equals = flag.indexOf('=');
    if (equals < 0) throw new UsageError(`invalid value '${flag}' for '--env <ENV>': Environment variable must be of the form \`key=value\``);
    return [flag.slice(0, equals), flag.slice(equals + 1)];
  });
}
