/**
 * Disk cache of transpiled components: one directory per component, named by
 * sha256 of its bytes, the jco version and this engine's post-processing
 * revision. Entries are written under a temporary name and renamed into
 * place, so concurrent loaders never see a half-written entry.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AsyncFunctionImport } from '../host/index.js';
import type { MemoryShape } from './import-memories.js';

/** Bump when the files or metadata the engine writes (or `guardPromising`, `importMemories`, `quietDebugLog`, `hoistGlueHelpers`) change. */
const CACHE_REVISION = 'spinscope-transpile-5';

/** What a cache entry records besides the transpiled files. */
export interface CacheEntryMeta {
  /** The component's imports, versioned (`wasi:io/streams@0.2.12`). */
  imports: string[];
  /** The imported functions it lowers from a WASIp3 `async func` (which keep it from loading). */
  asyncImports: AsyncFunctionImport[];
  /** Core module file names; the glue asks for each by name. */
  coreModules: string[];
  /** Per core module, the memories it defined and now imports (`importMemories`), in pages. */
  memories: Record<string, MemoryShape[]>;
}

/** The per-user cache directory: `$XDG_CACHE_HOME`, `~/Library/Caches` or `%LOCALAPPDATA%`, then `spinscope/transpiled`. */
export function defaultCacheDir(): string {
  const base =
    process.env['XDG_CACHE_HOME'] ??
    (process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? (process.env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'))
        : join(homedir(), '.cache'));
  return join(base, 'spinscope', 'transpiled');
}

/** The entry directory for a component under `cacheDir`. */
export function cacheEntryDir(cacheDir: string, component: Uint8Array, jcoVersion: string): string {
  const key = createHash('sha256').update(component).update(`\0${jcoVersion}\0${CACHE_REVISION}`).digest('hex');
  return join(cacheDir, key);
}

const META_FILE = 'meta.json';

/** Reads an entry's metadata, or `undefined` when the entry does not exist. */
export async function readCacheEntry(entryDir: string): Promise<CacheEntryMeta | undefined> {
  try {
    return JSON.parse(await readFile(join(entryDir, META_FILE), 'utf8')) as CacheEntryMeta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes an entry atomically; if another process wrote it first, keeps theirs. */
export async function writeCacheEntry(entryDir: string, files: Record<string, Uint8Array | string>, meta: CacheEntryMeta): Promise<void> {
  const staging = `${entryDir}.${randomUUID()}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    for (const [name, contents] of Object.entries(files)) await writeFile(join(staging, name), contents);
    await writeFile(join(staging, META_FILE), JSON.stringify(meta));
    await mkdir(dirname(entryDir), { recursive: true });
    await rename(staging, entryDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
