import { stat } from 'node:fs/promises';
import type { ComponentEngine } from '../engine/index.js';
import type { LoadedApp } from './load-app.js';

/**
 * The running engines of an app, shared by the generations that a reload creates:
 * a generation asks for an engine by what it is made of (component, wasm file,
 * variables), gets the running one when nothing changed, and releases it when it
 * retires. An engine no generation uses any more is closed.
 */
export class EngineRegistry {
  readonly #engines = new Map<string, { readonly engine: Promise<ComponentEngine>; users: number }>();

  /** The engine for `key`, started with `start` unless one is running. */
  acquire(key: string, start: () => Promise<ComponentEngine>): Promise<ComponentEngine> {
    const running = this.#engines.get(key);
    if (running !== undefined) {
      running.users++;
      return running.engine;
    }
    const engine = start();
    this.#engines.set(key, { engine, users: 1 });
    // A failed start is forgotten at once, so the next reload tries again.
    engine.catch(() => this.#engines.delete(key));
    return engine;
  }

  /** Gives back one use of `key`'s engine; the last one closes it. */
  async release(key: string): Promise<void> {
    const running = this.#engines.get(key);
    if (running === undefined || --running.users > 0) return;
    this.#engines.delete(key);
    await (await running.engine).close();
  }

  /** Closes every engine, in use or not (the app is stopping). */
  async closeAll(): Promise<void> {
    const all = [...this.#engines.values()];
    this.#engines.clear();
    await Promise.all(all.map(async ({ engine }) => (await engine.catch(() => undefined))?.close()));
  }
}

/**
 * What an engine is made of, as a key: the component, its wasm file (path, inode, size
 * and modification time, so a rebuilt file is a new engine), and what its workers hold:
 * its resolved variables and environment, its mounted files (guest path to host file)
 * and the app's store and database locations. Cheaper than hashing the wasm; the transpile cache still
 * keys by content, so a touched but unchanged file restarts without transpiling.
 */
export async function engineKey(app: LoadedApp, component: string, wasmPath: string): Promise<string> {
  const file = await stat(wasmPath);
  const files = app.fileMounts.get(component);
  const mounted = files === undefined ? null : [files.directories, [...files.files]];
  const stores = [[...app.stores.keyValueStores], [...app.stores.sqliteDatabases]];
  return JSON.stringify([component, wasmPath, file.ino, file.size, file.mtimeMs, [...(app.componentVariables.get(component) ?? [])], app.componentEnvironment.get(component) ?? [], mounted, stores]);
}
