import type { AppManifest } from '../manifest/index.js';

/** Application variables that have a default, by name: what Spin validates templates with at load (spec §14.60). */
export function defaultValues(manifest: AppManifest): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const [name, declaration] of manifest.variables) {
    if (declaration.default !== undefined) defaults.set(name, declaration.default);
  }
  return defaults;
}
