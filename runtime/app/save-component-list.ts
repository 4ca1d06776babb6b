import { randomBytes } from 'node:crypto';
import { chmod, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ManifestError,
  parseManifest,
  readManifestText,
  setComponentList,
  storeLabelProblem,
  type AppManifest,
  type ComponentListField,
} from '../manifest/index.js';
import { validateComponentHosts } from './component-policy.js';

/**
 * {@link setComponentList} after checking `entries` as Spin would. Hosts as Spin's
 * loader does (spec §14.60): a literal entry must parse, and a template whose
 * variables all have defaults must resolve to a valid entry; it throws
 * `AllowedHostError` (Spin's message, `entry` set). Store labels as Spin's manifest
 * parser does (spec §15.65): each kebab-case or snake_case, else a `ManifestError`
 * worded as loading the file would give. Whether a label is defined (runtime config)
 * is the caller's check. Throws before anything is edited, else what
 * `setComponentList` throws.
 */
export function editComponentList(text: string, file: string, id: string, field: ComponentListField, entries: readonly string[]): string {
  const { manifest } = parseManifest(text, file);
  if (field === 'allowed_outbound_hosts') validateComponentHosts(manifest, entries);
  else validateStoreLabels(manifest, file, id, field, entries);
  return setComponentList(text, file, id, field, entries);
}

/**
 * Writes component `id`'s list `field` into the `spin.toml` at `manifestFile`,
 * changing nothing else in the file (see {@link editComponentList}).
 * The write is atomic: a temporary file beside the real one (through a symlink),
 * with the same mode, renamed over it, so a watcher never reads half a manifest.
 * A file that already holds `entries` is not touched. Returns the text now on disk.
 */
export async function saveComponentList(manifestFile: string, id: string, field: ComponentListField, entries: readonly string[]): Promise<string> {
  const text = await readManifestText(manifestFile);
  const edited = editComponentList(text, manifestFile, id, field, entries);
  if (edited !== text) await writeAtomically(manifestFile, edited);
  return edited;
}

function validateStoreLabels(manifest: AppManifest, file: string, id: string, field: 'key_value_stores' | 'sqlite_databases', labels: readonly string[]): void {
  const problem = labels.map((label) => storeLabelProblem(field, label)).find((found) => found !== undefined);
  if (problem === undefined) return;
  const component = manifest.components.get(id);
  const line = (field === 'key_value_stores' ? component?.keyValueStoresLine : component?.sqliteDatabasesLine) ?? component?.line;
  throw new ManifestError(problem, { file, component: id, ...(line !== undefined && { line }) });
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
