/**
 * The engine's entry point: load a `wasi:http/proxy` component once, then
 * handle requests on fresh instances in worker threads.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboundResult, PerformOutbound, Request, StreamingBody } from '../http/index.js';
import type { MountedFiles } from '../host/index.js';
import { defaultCacheDir } from './transpile-cache.js';
import { EngineError } from './engine-error.js';
import { transpileComponent } from './transpile-component.js';
import { WorkerPool } from './worker-pool.js';
import type { GuestResponse, StoreLayoutData } from './worker-protocol.js';
import { collectResponse, type StreamingGuestResponse } from './guest-exchange.js';
import { isolatedHostCalls, type HostCalls } from './host-calls.js';

/** How `loadComponent` runs a component; `Context` travels from `handle` to `performOutbound`. */
export interface ComponentLoadOptions<Context = void> {
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
  /**
   * Performs the guest's outbound HTTP requests (`wasi:http/outgoing-handler`).
   * Policy belongs here: return `{ error: { tag: 'HTTP-request-denied' } }` to deny.
   * Without it every outbound request is denied.
   */
  performOutbound?: PerformOutbound<Context>;
  /**
   * What each request may open (key-value stores, SQLite databases, models), where its
   * host calls are recorded, and who checks the addresses of its redis/postgres/mysql/mqtt
   * connections. Without it nothing is granted and every address is denied.
   */
  hostCalls?: HostCalls<Context>;
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
export interface ComponentEngine<Context = void> {
  /** The interfaces the component imports, versioned (`wasi:http/types@0.2.3`). */
  readonly imports: readonly string[];
  /** Whether loading reused a cached transpilation rather than running jco. */
  readonly cacheHit: boolean;
  /**
   * Handles one request on a fresh instance and waits for the whole response; `context`
   * is handed to `performOutbound` with every outbound request the instance makes.
   * @throws {GuestTrap} when the guest traps; the worker is replaced.
   * @throws {GuestTimeout} when it runs past `timeoutMs`; the worker is terminated and replaced.
   */
  handle(request: Request<Uint8Array | StreamingBody>, context: Context): Promise<GuestResponse>;
  /**
   * Like `handle`, but settles as soon as the guest sets its response; the body follows
   * while the guest writes it. A trap or timeout after that fails the body and `finished`.
   */
  stream(request: Request<Uint8Array | StreamingBody>, context: Context): Promise<StreamingGuestResponse>;
  /** Stops the workers. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONCURRENCY = 8;

const NO_STORES: StoreLayoutData = { keyValue: new Map(), sqlite: new Map(), captureLimit: 0 };

const denyAll = async (): Promise<OutboundResult> => ({ error: { tag: 'HTTP-request-denied' } });

/**
 * Loads a component: transpiles it (or reuses the cache), compiles its core
 * modules once, and starts a first worker holding a ready instance.
 *
 * @throws {UnsupportedImportError} when it imports an interface Spinscope does not implement.
 * @throws {EngineError} naming the file (and `options.name`) when it cannot be read, transpiled or instantiated.
 */
export async function loadComponent<Context = void>(wasmPath: string, options: ComponentLoadOptions<Context> = {}): Promise<ComponentEngine<Context>> {
  try {
    return await startComponent(wasmPath, options);
  } catch (error) {
    if (!(error instanceof EngineError || isSystemError(error))) throw error;
    const component = options.name === undefined ? '' : `component ${JSON.stringify(options.name)}: `;
    throw new EngineError(`${component}failed to load component from ${JSON.stringify(wasmPath)}: ${(error as Error).message}`, { cause: error });
  }
}

async function startComponent<Context>(wasmPath: string, options: ComponentLoadOptions<Context>): Promise<ComponentEngine<Context>> {
  const transpiled = await transpileComponent(await readFile(wasmPath), options.cacheDir ?? defaultCacheDir());
  const modules: Record<string, WebAssembly.Module> = {};
  await Promise.all(
    transpiled.coreModules.map(async (name) => {
      modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
    }),
  );
  const pool = await WorkerPool.start<Context>({
    workerScript: options.workerScript ?? new URL('./guest-worker.js', import.meta.url),
    gluePath: transpiled.gluePath,
    modules,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    performOutbound: options.performOutbound ?? denyAll,
    hostCalls: options.hostCalls ?? isolatedHostCalls(),
    variables: options.variables ?? new Map(),
    imports: transpiled.imports,
    stores: options.stores ?? NO_STORES,
    files: options.files,
    environment: options.environment ?? [],
  }, options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  return {
    imports: transpiled.imports,
    cacheHit: transpiled.cacheHit,
    handle: async (request, context) => collectResponse(await pool.stream(request, context)),
    stream: (request, context) => pool.stream(request, context),
    close: () => pool.close(),
  };
}

/** A Node file-system error (`EISDIR`, `EACCES`, ...), whose message names the path. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
