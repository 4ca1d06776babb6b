import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { ManifestError } from '../manifest/index.js';
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
 * The `spin.toml` that `openProject(path)` loads: `path` itself when it is a `.toml`
 * file, else the `spin.toml` in the folder `path`. Anything else (a file of another
 * name, a device, a symlink to a file of another name) is refused with a ManifestError
 * naming the path before a byte of it is read, so no error quotes a file that is not a
 * manifest (a TOML parse error shows the offending line). A `.toml` path that does not
 * exist is returned, for the loader to report.
 *
 * Differs from `spin up -f`, which reads a manifest of any name: the API can be asked to
 * open any path, the command line only what the developer typed.
 */
export async function openableManifest(path: string): Promise<string> {
  const given = resolve(path);
  const info = await stat(given).catch(() => undefined);
  const manifest = info?.isDirectory() ? join(given, 'spin.toml') : given;
  const real = await realpath(manifest).catch(() => undefined);
  const expected = 'a project is a folder holding spin.toml, or a Spin manifest file ending in .toml';
  if (real === undefined) {
    if (isTomlName(manifest)) return manifest;
    throw new ManifestError(`no such folder or .toml file: ${expected}`, { file: given });
  }
  if (!isTomlName(real)) throw new ManifestError(`not a Spin project: ${expected}${real === manifest ? '' : ` (it leads to ${real})`}`, { file: manifest });
  if (!(await stat(real)).isFile()) throw new ManifestError(`not a regular file: ${expected}`, { file: manifest });
  return manifest;
}

function isTomlName(path: string): boolean {
  return extname(path).toLowerCase() === '.toml';
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
