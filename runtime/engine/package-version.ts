import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The installed version of a dependency, read from its package.json (which
 * packages such as jco do not export, hence the walk up from the entry point).
 * The package must be resolvable with `require` conditions.
 */
export function installedVersion(packageName: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(packageName));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === packageName && manifest.version !== undefined) return manifest.version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json found for ${packageName}`);
    dir = parent;
  }
}
