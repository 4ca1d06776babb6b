import { UsageError } from '../errors/spinscope-error.js';

/**
 * The app `up`, `ui` or `mcp` runs: `-f spin.toml`, or one directory or spin.toml as the only
 * positional argument; undefined for neither (the bundled example). Anything more is
 * refused rather than ignored, as clap refuses `spin up`'s unexpected arguments.
 */
export function projectArgument(command: 'up' | 'ui' | 'mcp', file: string | undefined, positionals: readonly string[]): string | undefined {
  const [first, second] = positionals;
  if (file !== undefined && first !== undefined) {
    throw new UsageError(`unexpected argument '${first}': -f already names the app (${file}); give ${command} one app`);
  }
  if (second !== undefined) {
    throw new UsageError(`unexpected argument '${second}': ${command} runs one app, a directory or its spin.toml (here '${first}')`);
  }
  return file ?? first;
}
