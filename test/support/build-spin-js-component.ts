/**
 * Builds Spin JS SDK guests with the SDK's own build tool (`j2w` from
 * `@spinframework/build-tools`), cached on disk by content like
 * build-component.ts: `.cache/components/spin-js-<sha256>.wasm`, keyed by
 * every file of the fixture folder plus the build-tools and wasi-http-proxy
 * versions. A build takes ~18 s, so it happens only when that file is missing.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exists, installedVersion } from './installed-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/components');
const OUT = join(ROOT, '.cache/components');
const J2W = join(ROOT, 'node_modules/@spinframework/build-tools/dist/index.js');
/** Packages whose WIT or build steps end up in the component. */
const TOOL_PACKAGES = ['@spinframework/build-tools', '@spinframework/wasi-http-proxy'];

/**
 * Returns the path of `test/fixtures/components/spin-js-<name>/app.js` built
 * with j2w. The folder is its own `"type": "module"` package because j2w
 * reads the WIT to target from the `config.witDependencies` of the package
 * it runs in and of that package's dependencies.
 */
export async function buildSpinJsComponent(name: string): Promise<string> {
  const dir = join(FIXTURES, `spin-js-${name}`);
  const out = join(OUT, `spin-js-${await buildKey(dir)}.wasm`);
  if (await exists(out)) return out;
  await mkdir(OUT, { recursive: true });
  // j2w leaves `precompiled-source.js` and `app.js.buildData.json` where it
  // runs, so it runs on a copy under .cache/, where node_modules still resolves.
  // Parallel vitest workers may build the same guest; each renames a complete file into place.
  const id = randomUUID();
  const work = join(OUT, `spin-js-${name}.${id}.tmp`);
  const staging = `${out}.${id}.tmp.wasm`;
  await cp(dir, work, { recursive: true });
  try {
    await promisify(execFile)(process.execPath, [J2W, '-i', 'app.js', '-o', staging], { cwd: work });
    await rename(staging, out);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return out;
}

async function buildKey(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const pkg of TOOL_PACKAGES) hash.update(`${pkg}@${await installedVersion(pkg)}\0`);
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`\0${file.slice(dir.length)}\0`).update(await readFile(file));
  return hash.digest('hex');
}
