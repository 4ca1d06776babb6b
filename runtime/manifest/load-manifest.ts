import { readFile } from 'node:fs/promises';
import type { LoadedManifest } from './app-manifest.js';
import { decodeUtf8 } from './decode-utf8.js';
import { ManifestError } from './manifest-error.js';
import { parseManifest } from './parse-manifest.js';

/**
 * Reads and parses a `spin.toml`. A file that cannot be read is a {@link ManifestError}
 * too, worded like Spin's "Failed to read Spin app manifest from ..." chain.
 */
export async function loadManifest(file: string): Promise<LoadedManifest> {
  return parseManifest(await readManifestText(file), file);
}

/**
 * The text of a `spin.toml`; a file that cannot be read, or is not UTF-8, is a
 * {@link ManifestError} naming it.
 */
export async function readManifestText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ManifestError(`Failed to read Spin app manifest: ${readFailure(error)}`, { file, cause: error });
  }
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  // Spin reads it with `read_to_string`, which fails with "stream did not contain valid UTF-8".
  const { offset, line } = decoded.error;
  throw new ManifestError(
    `Failed to read Spin app manifest: stream did not contain valid UTF-8: invalid utf-8 sequence at byte offset ${offset}; save the file as UTF-8`,
    { file, line },
  );
}

function readFailure(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file; pass the path of your spin.toml, or run from the app directory';
  if (code === 'EISDIR') return 'this is a directory; pass the spin.toml inside it';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
