/**
 * The engine's entry point: load a `wasi:http/proxy` component once, then
 * handle requests on fresh instances in worker threads.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, StreamingBody } from '../http/index.js';
import type { MountedFiles } from '../host/index.js';
import { defaultCacheDir } from './transpile-cache.js';
import { EngineError } from './engine-error.js';
import { transpileComponent } from './transpile-component.js';
import { WorkerPool } from './worker-pool.js';
import type { StoreLayoutData } from './worker-protocol.js';
import type { GuestResponse } from './guest-exchange.js';
import { ISOLATED_CALL, type GuestCall } from './guest-call.js';

/** How `loadComponent` runs a component. */
export interface ComponentLoadOptions {
  /** The component's id, named with its file when it cannot be loaded. */
  name?: string;
  /** Where transpiled components are cached; defaults to the per-user cache (`defaultCacheDir()`). */
  cacheDir?: string;
  /** How long one request may run before its worker is terminated; default 30 s. */
  timeoutMs?: number;
  /**
   * How many requests may run at once, each in its own worker thread (started on
   * demand); further requests wait for a free worker. Default 8.
   */
  maxConcurrency?: number;
  /** The app's key-value stores and SQLite databases; default: none defined. */
  stores?: StoreLayoutData;
  /**
   * The component's resolved `variables` (what `resolveComponentVariables`
   * returns), read by the guest through Spin's variables interface. Default: none.
   */
  variables?: ReadonlyMap<string, string>;
  /** The component's resolved `files`, preopened read-only as `/`. Default: no preopens. */
  files?: MountedFiles;
  /**
   * What the guest reads through `wasi:cli/environment`, in order (Spin gives a
   * component its `environment`, sorted by key). Default: none.
   */
  environment?: readonly (readonly [string, string])[];
  /**
   * The compiled `guest-worker.js`; defaults to the one next to this module.
   * Code running from TypeScript sources (tests) points it at `dist/`.
   */
  workerScript?: URL;
}

/** A loaded component. */
export interface ComponentEngine {
  /** The interfaces the component imports, versioned (`wasi:http/types@0.2.3`). */
  readonly imports: readonly string[];
  /** Whether loading reused a cached transpilation rather than running jco. */
  readonly cacheHit: boolean;
  /**
   * Handles one request on a fresh instance, settling as soon as the guest sets its
   * response; the body follows while the guest writes it. `call` says where the guest's
   * outbound requests and Spin host calls go; without it every outbound request and
   * address is denied and nothing is granted.
   * @throws {GuestTrap} when the guest traps before its response; the worker is replaced.
   * @throws {GuestTimeout} when it runs past `timeoutMs` before it; the worker is terminated and replaced.
   * A trap or timeout after the response fails its body and `finished`.
   */
  stream(request: Request<Uint8Array | StreamingBody>, call?: GuestCall): Promise<GuestResponse>;
  /** Stops the workers. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONCURRENCY = 8;

const NO_STORES: StoreLayoutData = { keyValue: new Map(), sqlite: new Map(), captureLimit: 0 };

/**
 * Loads a component: transpiles it (or reuses the cache), compiles its core
 * modules once, and starts a first worker holding a ready instance.
 *
 * @throws {UnsupportedImportError} when it imports an interface Spinscope does not implement.
 * @throws {EngineError} naming the file (and `options.name`) when it cannot be read, transpiled or instantiated.
 */
export async function loadComponent(wasmPath: string, options: ComponentLoadOptions = {}): Promise<ComponentEngine> {
  try {
    return await startComponent(wasmPath, options);
  } catch (error) {
    if (!(error instanceof EngineError || isSystemError(error))) throw error;
    const component = options.name === undefined ? '' : `component ${JSON.stringify(options.name)}: `;
    throw new EngineError(`${component}failed to load component from ${JSON.stringify(wasmPath)}: ${(error as Error).message}`, { cause: error });
  }
}

async function startComponent(wasmPath: string, options: ComponentLoadOptions): Promise<ComponentEngine> {
  const transpiled = await transpileComponent(await readFile(wasmPath), options.cacheDir ?? defaultCacheDir());
  const modules: Record<string, WebAssembly.Module> = {};
  await Promise.all(
    transpiled.coreModules.map(async (name) => {
      modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
    }),
  );
  const pool = await WorkerPool.start({
    workerScript: options.workerScript ?? new URL('./guest-worker.js', import.meta.url),
    gluePath: transpiled.gluePath,
    modules,
    memories: transpiled.memories,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    variables: options.variables ?? new Map(),
    imports: transpiled.imports,
    stores: options.stores ?? NO_STORES,
    files: options.files,
    environment: options.environment ?? [],
  }, options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  return {
    imports: transpiled.imports,
    cacheHit: transpiled.cacheHit,
    stream: (request, call = ISOLATED_CALL) => pool.stream(request, call),
    close: () => pool.close(),
  };
}

/** A Node file-system error (`EISDIR`, `EACCES`, ...), whose message names the path. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
