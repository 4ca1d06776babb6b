import { readFile } from 'node:fs/promises';
import type { LoadedManifest } from './app-manifest.js';
import { ManifestError } from './manifest-error.js';
import { parseManifest } from './parse-manifest.js';

/**
 * Reads and parses a `spin.toml`. A file that cannot be read is a {@link ManifestError}
 * too, worded like Spin's "Failed to read Spin app manifest from ..." chain.
 */
export async function loadManifest(file: string): Promise<LoadedManifest> {
  return parseManifest(await readManifestText(file), file);
}

/** The text of a `spin.toml`; a file that cannot be read is a {@link ManifestError} naming it. */
export async function readManifestText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ManifestError(`Failed to read Spin app manifest: ${readFailure(error)}`, { file, cause: error });
  }
}

function readFailure(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file; pass the path of your spin.toml, or run from the app directory';
  if (code === 'EISDIR') return 'this is a directory; pass the spin.toml inside it';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
