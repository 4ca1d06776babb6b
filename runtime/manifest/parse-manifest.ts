import path from 'node:path';
import type { LoadedManifest } from './app-manifest.js';
import { readV1Manifest } from './compat/v1-manifest.js';
import { detectVersion } from './manifest-version.js';
import { parseToml } from './parse-toml.js';
import { readV2Manifest } from './read-v2-manifest.js';
import { TableReader } from './table-reader.js';
import { TomlLocator } from './toml-locator.js';

/**
 * Parses `spin.toml` text into a v2-normalised, immutable manifest plus warnings.
 * `file` is the manifest's path as the user gave it: errors and warnings name it
 * that way, while `manifest.file` and relative `source` paths are made absolute.
 * Throws only {@link ManifestError}.
 */
export function parseManifest(text: string, file: string): LoadedManifest {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const table = parseToml(source, file);
  const root = new TableReader({ file, locator: TomlLocator.scan(source) }, table, []);
  const version = detectVersion(root);
  const absolute = path.resolve(file);
  const dir = path.dirname(absolute);
  const { body, warnings } = version === 1 ? readV1Manifest(root, dir) : readV2Manifest(root, dir);
  return { manifest: { file: absolute, dir, ...body }, warnings };
}
