/**
 * Turns a component into JS glue plus core modules with jco (in process),
 * through the disk cache: a component already transpiled by this jco
 * version is never transpiled again.
 */
import { transpile } from '@bytecodealliance/jco';
import { join } from 'node:path';
import { checkImports } from '../host/index.js';
import { asyncImports } from './async-imports.js';
import { componentImports } from './component-imports.js';
import { EngineError } from './engine-error.js';
import { guardPromising } from './guard-promising.js';
import { hoistGlueHelpers } from './hoist-glue-helpers.js';
import { importMemories, type MemoryShape } from './import-memories.js';
import { quietDebugLog } from './quiet-debug-log.js';
import { installedVersion } from './package-version.js';
import { cacheEntryDir, readCacheEntry, writeCacheEntry, type CacheEntryMeta } from './transpile-cache.js';

/** The glue's file name: `.mjs` because cache directories have no package.json saying `"type": "module"`. */
const GLUE_FILE = 'guest.mjs';

/** A transpiled component, ready for a worker to instantiate. */
export interface TranspiledComponent extends CacheEntryMeta {
  /** Absolute path of jco's ESM glue exporting `instantiate(getCoreModule, imports, instantiateCore)`. */
  gluePath: string;
  /** The directory holding the glue and the core modules. */
  dir: string;
  /** Whether this load found the component in the cache (and so did not run jco). */
  cacheHit: boolean;
}

/**
 * Transpiles `component`, or reuses the cached transpilation.
 *
 * @throws {UnsupportedImportError} when the component imports an interface, or an `async func` of one, no host module implements.
 * @throws {EngineError} when jco cannot transpile it.
 */
export async function transpileComponent(component: Uint8Array, cacheDir: string): Promise<TranspiledComponent> {
  const dir = cacheEntryDir(cacheDir, component, installedVersion('@bytecodealliance/jco'));
  const cached = await readCacheEntry(dir);
  const meta = cached ?? (await transpileInto(dir, component));
  checkImports(meta.imports, meta.asyncImports);
  return { ...meta, dir, gluePath: join(dir, GLUE_FILE), cacheHit: cached !== undefined };
}

async function transpileInto(dir: string, component: Uint8Array): Promise<CacheEntryMeta> {
  let output: Awaited<ReturnType<typeof transpile>>;
  let imports: string[];
  try {
    [output, imports] = await Promise.all([
      transpile(component, { name: 'guest', instantiation: 'async', noTypescript: true, quiet: true }),
      componentImports(component),
    ]);
  } catch (error) {
    throw new EngineError(`it is not a valid component (${oneLine(error)}); rebuild it`, { cause: error });
  }
  const coreModules = Object.keys(output.files).filter((name) => name.endsWith('.wasm'));
  const files: Record<string, Uint8Array | string> = {};
  const memories: Record<string, MemoryShape[]> = {};
  for (const name of coreModules) {
    const rewritten = importMemories(output.files[name]!);
    files[name] = rewritten.binary;
    memories[name] = rewritten.memories;
  }
  const glue = Buffer.from(output.files['guest.js']!).toString('utf8');
  files[GLUE_FILE] = hoistGlueHelpers(quietDebugLog(guardPromising(glue))).glue;
  const meta = { imports, asyncImports: asyncImports(glue, imports), coreModules, memories };
  await writeCacheEntry(dir, files, meta);
  return meta;
}

/** jco's error, an anyhow chain over several lines ("...\n\nCaused by:\n    ..."), as one line. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'Caused by:')
    .join(': ');
}
