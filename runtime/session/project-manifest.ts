import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** The app Spinscope opens when given none; `npm run build:example` builds its components. */
export const BUNDLED_EXAMPLE = join(PACKAGE_ROOT, 'resources/examples/hello-spinscope/spin.toml');

/**
 * The `spin.toml` of a project given as a directory (its `spin.toml`) or as
 * the manifest itself, as `spin up` reads it; the bundled example when none is given.
 * A path that does not exist is returned as given, for the loader to report.
 */
export async function projectManifest(given: string | undefined): Promise<string> {
  if (given === undefined) return BUNDLED_EXAMPLE;
  const info = await stat(given).catch(() => undefined);
  return info?.isDirectory() ? join(given, 'spin.toml') : given;
}

/**
 * Where the bundled example keeps its key-value data unless `--state-dir` says otherwise:
 * `$XDG_STATE_HOME/spinscope/examples/hello-spinscope`, else under `~/.local/state`, so
 * it works where the package is installed read-only (a packaged desktop app). Any other
 * app keeps it in `.spin/` beside its spin.toml, as `spin up` does (undefined here).
 */
export function exampleStateDir(manifestFile: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (manifestFile !== BUNDLED_EXAMPLE) return undefined;
  const stateHome = env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(stateHome, 'spinscope', 'examples', 'hello-spinscope');
}
