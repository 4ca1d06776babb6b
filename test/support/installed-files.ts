import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../runtime/session/package-root.js';

/** True when `path` exists; other errors than "not found" are rethrown. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The installed version of an npm package, read from its package.json by path (some export no `./package.json`). */
export async function installedVersion(name: string): Promise<string> {
  const manifest = join(PACKAGE_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}
