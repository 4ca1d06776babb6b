import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComponentManifest } from '../manifest/index.js';
import { ManifestError } from '../manifest/index.js';
import { ComponentSourceError } from './component-source-error.js';

/**
 * The local `.wasm` of a component: its `source` path, or its `{ url, digest }`
 * downloaded once into `downloadDir` (named by digest) and verified as Spin's
 * loader verifies it (`crates/loader/src/http.rs`).
 */
export async function componentWasm(manifestFile: string, component: ComponentManifest, downloadDir: string): Promise<string> {
  const where = { file: manifestFile, component: component.id, ...(component.line === undefined ? {} : { line: component.line }) };
  const source = component.source;
  if (source.kind === 'path') {
    if (await exists(source.path)) return source.path;
    const build = component.build ? `run its build (\`${component.build.command.join(' && ')}\`)` : 'build it';
    throw new ManifestError(`\`source\` ${source.path} does not exist; ${build} first, or fix the path`, where);
  }
  if (source.kind === 'registry') {
    throw new ManifestError('`source` is a registry package, which Spinscope cannot fetch yet; point `source` at a local .wasm file', where);
  }
  const target = join(downloadDir, `${source.digest.replace(':', '-')}.wasm`);
  if (!(await exists(target))) await verifiedDownload(component.id, source.url, source.digest, target);
  return target;
}

async function verifiedDownload(component: string, url: string, digest: string, target: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP status ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new ComponentSourceError(`Error fetching source URL ${JSON.stringify(url)}: ${(error as Error).message}`, { component, url, cause: error });
  }
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) {
    throw new ComponentSourceError(`invalid content digest; expected ${digest}, downloaded ${actual} (from ${url})`, { component, url });
  }
  // Content-indexed: if another process saved the same digest first, either copy is right.
  await mkdir(join(target, '..'), { recursive: true });
  const staging = `${target}.${randomUUID()}.tmp`;
  try {
    await writeFile(staging, bytes);
    await rename(staging, target);
  } finally {
    await rm(staging, { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    // Any failure to reach the file means the engine could not read it either.
    return false;
  }
}
