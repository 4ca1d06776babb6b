/**
 * Builds a component from a WAT core module and its WIT world, for guests JS
 * cannot express (a real trap). Cheap (~150 ms), so only the output file is
 * cached, by content, next to the componentize-js builds.
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
  const wat = await readFile(join(FIXTURES, `${name}.wat`), 'utf8');
  // jco's bundled wasm-tools cannot read WIT from disk, so the world goes in as source.
  const witSource = await readFile(join(FIXTURES, `${name}.wit`), 'utf8');
  const embedded = await componentEmbed({ binary: await parse(wat), witSource, world });
  const component = await componentNew(embedded);
  const out = join(OUT, `${createHash('sha256').update(component).digest('hex')}.wasm`);
  await mkdir(OUT, { recursive: true });
  const staging = `${out}.${randomUUID()}.tmp`;
  await writeFile(staging, component);
  await rename(staging, out);
  return out;
}
