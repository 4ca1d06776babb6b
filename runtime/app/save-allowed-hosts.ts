import { randomBytes } from 'node:crypto';
import { chmod, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ManifestError, parseManifest, readManifestText, setAllowedHosts } from '../manifest/index.js';
import { validateComponentHosts } from './component-policy.js';

/**
 * {@link setAllowedHosts} after checking `entries` as Spin's loader would (spec §14.60):
 * a literal entry must parse, and a template whose variables all have defaults must
 * resolve to a valid entry. Throws `AllowedHostError` (Spin's message, `entry` set)
 * before anything is edited, else what `setAllowedHosts` throws.
 */
export function editAllowedHosts(text: string, file: string, id: string, entries: readonly string[]): string {
  const { manifest } = parseManifest(text, file);
  validateComponentHosts(manifest, entries);
  return setAllowedHosts(text, file, id, entries);
}

/**
 * Writes component `id`'s `allowed_outbound_hosts` into the `spin.toml` at
 * `manifestFile`, changing nothing else in the file (see {@link editAllowedHosts}).
 * The write is atomic: a temporary file beside the real one (through a symlink),
 * with the same mode, renamed over it, so a watcher never reads half a manifest.
 * A file that already holds `entries` is not touched. Returns the text now on disk.
 */
export async function saveAllowedHosts(manifestFile: string, id: string, entries: readonly string[]): Promise<string> {
  const text = await readManifestText(manifestFile);
  const edited = editAllowedHosts(text, manifestFile, id, entries);
  if (edited !== text) await writeAtomically(manifestFile, edited);
  return edited;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const target = await realpath(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await chmod(temporary, (await stat(target)).mode);
    await rename(temporary, target);
  } catch (error) {
    // The temporary file may never have been created; the write's error is the one to report.
    await unlink(temporary).catch(() => undefined);
    throw new ManifestError(`Failed to write Spin app manifest: ${error instanceof Error ? error.message : String(error)}`, { file, cause: error });
  }
}
