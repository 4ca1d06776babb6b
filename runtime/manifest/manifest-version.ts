import { rustFloat } from '../errors/rust-debug.js';
import type { TableReader } from './table-reader.js';

/** The manifest schema versions Spin reads. */
export type ManifestVersion = 1 | 2;

const FIX = 'write `spin_manifest_version = 2` (or `spin_manifest_version = "1"` for a legacy manifest)';

/**
 * Spin's `ManifestVersion::detect` (spec §15.62): the integer `2` is v2, the string
 * `"1"` is v1, and `spin_version` is an alias of `spin_manifest_version`.
 */
export function detectVersion(root: TableReader): ManifestVersion {
  const hasCurrent = root.has('spin_manifest_version');
  const hasAlias = root.has('spin_version');
  if (hasCurrent && hasAlias) root.failAt(['spin_version'], 'duplicate field `spin_manifest_version`');
  if (!hasCurrent && !hasAlias) root.failAt([], `missing field \`spin_manifest_version\`; ${FIX} at the top of the file`);
  const key = hasCurrent ? 'spin_manifest_version' : 'spin_version';
  const value = root.raw(key);
  if (value === '1') return 1;
  if (value === 2n) return 2;
  return root.failAt([key], `invalid manifest version: ${tomlDisplay(value)}; ${FIX}`);
}

// How the toml crate's `Value` displays, for the version Spin echoes back.
function tomlDisplay(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return rustFloat(value);
  if (Array.isArray(value)) return `[${value.map(tomlDisplay).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${key} = ${tomlDisplay(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}
