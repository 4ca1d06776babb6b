/**
 * Builds test guests from JS with componentize-js, cached on disk by content:
 * `.cache/components/<sha256>.wasm`, keyed by the guest source, the
 * componentize-js version, the world and every WIT file. Building takes
 * ~15 s, so it happens only when that file is missing.
 */
import { componentize } from '@bytecodealliance/componentize-js';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../runtime/session/package-root.js';
import { exists, installedVersion } from './installed-files.js';

// The package root rather than this file's folder: benchmarks run this from dist/.
const FIXTURES = join(PACKAGE_ROOT, 'test/fixtures/components');
const WIT = join(FIXTURES, 'wit');
const OUT = join(PACKAGE_ROOT, '.cache/components');

/**
 * Returns the path of `test/fixtures/components/<name>.js` built for `world`
 * (a world in `test/fixtures/components/wit/guest.wit`).
 */
export async function buildComponent(name: string, world = 'guest'): Promise<string> {
  const sourcePath = join(FIXTURES, `${name}.js`);
  const out = join(OUT, `${await buildKey(sourcePath, world)}.wasm`);
  if (await exists(out)) return out;
  const { component } = await componentize({ sourcePath, witPath: WIT, worldName: world });
  await mkdir(OUT, { recursive: true });
  // Parallel vitest workers may build the same guest; each renames a complete file into place.
  const staging = `${out}.${randomUUID()}.tmp`;
  await writeFile(staging, component);
  await rename(staging, out);
  return out;
}

async function buildKey(sourcePath: string, world: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(sourcePath));
  hash.update(`\0${await installedVersion('@bytecodealliance/componentize-js')}\0${world}`);
  const witFiles = (await readdir(WIT, { recursive: true })).filter((file) => file.endsWith('.wit')).sort();
  for (const file of witFiles) hash.update(`\0${file}\0`).update(await readFile(join(WIT, file)));
  return hash.digest('hex');
}
