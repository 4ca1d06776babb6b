import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComponentManifest } from '../manifest/index.js';
import { ManifestError, type ManifestLocation } from '../manifest/index.js';
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
    const file = await stat(source.path).catch(() => undefined);
    if (file === undefined) {
      const build = component.build ? `run its build (\`${component.build.command.join(' && ')}\`)` : 'build it';
      throw new ManifestError(`\`source\` ${source.path} does not exist; ${build} first, or fix the path`, where);
    }
    if (file.isDirectory()) throw new ManifestError(`\`source\` ${source.path} is a directory; point \`source\` at the component's .wasm file`, where);
    await checkComponentHeader(source.path, where);
    return source.path;
  }
  if (source.kind === 'registry') {
    throw new ManifestError('`source` is a registry package, which Spinscope cannot fetch yet; point `source` at a local .wasm file', where);
  }
  const target = join(downloadDir, `${source.digest.replace(':', '-')}.wasm`);
  if (!(await exists(target))) await verifiedDownload(component.id, source.url, source.digest, target);
  await checkComponentHeader(target, where);
  return target;
}

/**
 * Refuses a file that is not a Wasm binary, as Spin's `componentize_if_necessary` does
 * (crates/componentize/src/lib.rs: "unable to parse binary"), and a core module, which
 * Spin adapts into a component but Spinscope cannot: both by the 8-byte preamble, so jco
 * never sees them. The preamble is `\0asm`, a version, and a layer: 0 a module, 1 a component.
 */
async function checkComponentHeader(file: string, where: ManifestLocation): Promise<void> {
  const preamble = new Uint8Array(8);
  let length: number;
  try {
    const handle = await open(file);
    try {
      length = (await handle.read(preamble, 0, preamble.length, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new ManifestError(`cannot read \`source\` ${file}: ${(error as Error).message}`, { ...where, cause: error });
  }
  const magic = length === preamble.length && preamble[0] === 0 && preamble[1] === 0x61 && preamble[2] === 0x73 && preamble[3] === 0x6d;
  if (!magic) throw new ManifestError(`\`source\` ${file} is not a WebAssembly binary (it does not start with \`\\0asm\`); rebuild it, or fix the path`, where);
  if (preamble[6] === 0 && preamble[7] === 0) {
    throw new ManifestError(
      `\`source\` ${file} is a core WebAssembly module, not a component: Spin adapts such modules, Spinscope runs components only; ` +
        'rebuild it with a current Spin SDK, or wrap it with `wasm-tools component new`',
      where,
    );
  }
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
