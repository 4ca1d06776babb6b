/**
 * Builds a component from a WAT core module and its WIT world, for guests JS
 * cannot express (a real trap, an exact set of imported functions). Cheap
 * (~150 ms), so only the output file is cached, by content, next to the
 * componentize-js builds.
 */
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/components');
const OUT = join(ROOT, '.cache/components');

/** Builds `test/fixtures/components/<name>.wat` against world `world` of `<name>.wit`; returns the .wasm path. */
export async function buildWatComponent(name: string, world: string): Promise<string> {
  return buildWat(await readFile(join(FIXTURES, `${name}.wat`), 'utf8'), name, world);
}

/** One core import: the interface as imported, the function's canonical ABI name, its core type (`(param i32) (result i32)`). */
export interface CoreImport {
  readonly module: string;
  readonly name: string;
  readonly type: string;
}

/**
 * Builds a guest of world `world` (in `<witName>.wit`) that imports exactly `imports`
 * and whose handler traps: a component's import types list only the functions its
 * core module imports, so this is how a guest importing one function is made.
 */
export async function buildImportingComponent(witName: string, world: string, imports: readonly CoreImport[]): Promise<string> {
  const wat = `(module
  ${imports.map(({ module, name, type }) => `(import "${module}" "${name}" (func ${type}))`).join('\n  ')}
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "wasi:http/incoming-handler@0.2.10#handle") (param i32 i32) unreachable))`;
  return buildWat(wat, witName, world);
}

async function buildWat(wat: string, witName: string, world: string): Promise<string> {
  // jco's bundled wasm-tools cannot read WIT from disk, so the world goes in as source.
  const witSource = await readFile(join(FIXTURES, `${witName}.wit`), 'utf8');
  const embedded = await componentEmbed({ binary: await parse(wat), witSource, world });
  const component = await componentNew(embedded);
  const out = join(OUT, `${createHash('sha256').update(component).digest('hex')}.wasm`);
  await mkdir(OUT, { recursive: true });
  const staging = `${out}.${randomUUID()}.tmp`;
  await writeFile(staging, component);
  await rename(staging, out);
  return out;
}
