// Building a JS app into a Spin component with the Spin JS SDK's build tool
// (j2w), shared by the example's build.mjs and the test fixtures' builder.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const J2W = join(dirname(require.resolve('@spinframework/build-tools/package.json')), 'dist/index.js');
// Packages whose WIT or build steps end up in the component.
const TOOL_PACKAGES = ['@spinframework/build-tools', '@spinframework/wasi-http-proxy'];

/** sha256 of every file under `dir` (path and content) and of the build tools' versions. */
export async function j2wSourceHash(dir) {
  const hash = createHash('sha256');
  for (const name of TOOL_PACKAGES) hash.update(`${name}@${require(`${name}/package.json`).version}\0`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const file of files) hash.update(`\0${file.slice(dir.length)}\0`).update(await readFile(file));
  return hash.digest('hex');
}

/**
 * Builds `dir/app.js` into `out`. j2w leaves helper files where it runs, so it runs
 * on a copy inside `workParent` (where node_modules still resolves upwards); the
 * result is renamed into place whole, so concurrent builders never see half a file.
 */
export async function j2wBuild(dir, out, workParent) {
  const id = randomUUID();
  const work = join(workParent, `j2w.${id}.tmp`);
  const staging = `${out}.${id}.tmp`;
  await cp(dir, work, { recursive: true });
  try {
    await promisify(execFile)(process.execPath, [J2W, '-i', 'app.js', '-o', staging], { cwd: work });
    await rename(staging, out);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(staging, { force: true });
  }
}
