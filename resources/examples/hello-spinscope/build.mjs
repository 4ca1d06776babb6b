#!/usr/bin/env node
// Builds the example's components with the Spin JS SDK build tool (j2w) into
// .cache/<component>.wasm, the `source` of each component in spin.toml. A
// component is rebuilt only when the sha256 of its folder's files and of the
// build tools' versions differs from the one recorded in .cache/<component>.sha256.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { j2wBuild, j2wSourceHash } from '../j2w-build.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const COMPONENTS = ['frontend', 'backend'];

for (const component of COMPONENTS) {
  const started = performance.now();
  const built = await build(component);
  const ms = Math.round(performance.now() - started);
  console.log(`${component}: ${built ? `built in ${ms} ms` : 'unchanged, skipped'}`);
}

/** Builds one component unless its recorded hash matches; returns whether it built. */
async function build(component) {
  const dir = join(HERE, component);
  const key = await j2wSourceHash(dir);
  const hashFile = join(CACHE, `${component}.sha256`);
  const previous = await readFile(hashFile, 'utf8').catch(() => '');
  const out = join(CACHE, `${component}.wasm`);
  if (previous === key && (await readFile(out).then(() => true, () => false))) return false;
  await mkdir(CACHE, { recursive: true });
  await j2wBuild(dir, out, CACHE);
  await writeFile(hashFile, key);
  return true;
}
