import { stat } from 'node:fs/promises';
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
