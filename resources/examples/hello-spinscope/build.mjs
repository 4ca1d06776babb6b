#!/usr/bin/env node
// Builds the example's components with the Spin JS SDK build tool (j2w) into
// .cache/<component>.wasm, the `source` of each component in spin.toml. A
// component is rebuilt only when the sha256 of its folder's files and of the
// build tools' versions differs from the one recorded in .cache/<component>.sha256.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const COMPONENTS = ['frontend', 'backend'];
const TOOL_PACKAGES = ['@spinframework/build-tools', '@spinframework/wasi-http-proxy'];
const require = createRequire(import.meta.url);
const toolsDir = dirname(require.resolve('@spinframework/build-tools/package.json'));
const J2W = join(toolsDir, 'dist/index.js');

for (const component of COMPONENTS) {
  const started = performance.now();
  const built = await build(component);
  const ms = Math.round(performance.now() - started);
  console.log(`${component}: ${built ? `built in ${ms} ms` : 'unchanged, skipped'}`);
}

/** Builds one component unless its recorded hash matches; returns whether it built. */
async function build(component) {
  const dir = join(HERE, component);
  const key = await sourceHash(dir);
  const hashFile = join(CACHE, `${component}.sha256`);
  const previous = await readFile(hashFile, 'utf8').catch(() => '');
  const out = join(CACHE, `${component}.wasm`);
  if (previous === key && (await readFile(out).then(() => true, () => false))) return false;
  await mkdir(CACHE, { recursive: true });
  // j2w writes helper files where it runs, so it runs on a copy (node_modules still resolves upwards).
  const id = randomUUID();
  const work = join(CACHE, `${component}.${id}.tmp`);
  await cp(dir, work, { recursive: true });
  try {
    await promisify(execFile)(process.execPath, [J2W, '-i', 'app.js', '-o', `${out}.${id}.tmp`], { cwd: work });
    await rename(`${out}.${id}.tmp`, out);
    await writeFile(hashFile, key);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return true;
}

async function sourceHash(dir) {
  const hash = createHash('sha256');
  for (const name of TOOL_PACKAGES) hash.update(`${name}@${require(`${name}/package.json`).version}\0`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const file of files) hash.update(`\0${file.slice(dir.length)}\0`).update(await readFile(file));
  return hash.digest('hex');
}
