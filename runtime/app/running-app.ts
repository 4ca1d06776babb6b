import { performance } from 'node:perf_hooks';
import type { AppReloadedEvent, ReloadChanges } from '../api/events.js';
import { newEventId, newTraceId, type EventStore } from '../events/index.js';
import { buildRouter, type Listener, type RouteListing } from '../trigger/index.js';
import { AppGeneration, routedEngineKeys, type AppRuntime } from './app-generation.js';
import { compileComponentHosts, validateComponentHosts } from './component-policy.js';
import { loadApp, withAllowedHosts, type LoadedApp } from './load-app.js';
import { onlyPoliciesChanged, reloadChanges } from './reload-changes.js';
import { UnknownComponentError } from './unknown-component-error.js';

/** Why a reload happens: asked for, or set off by changed files. */
export interface ReloadCause {
  readonly trigger: 'restart' | 'watch';
  /** The changed files, for a `watch` reload. */
  readonly files?: readonly string[];
}

/** What a reload or a live policy edit did. */
export interface AppReload {
  readonly changes: ReloadChanges;
  readonly durationMs: number;
}

/**
 * The serving side of a running app: one listener, bound once, and the generation it
 * routes new requests to. Reloads run one at a time.
 */
export class LiveApp {
  readonly events: EventStore;
  readonly url: string;
  readonly #manifestFile: string;
  readonly #listener: Listener;
  readonly #runtime: AppRuntime;
  readonly #retiring = new Set<Promise<void>>();
  #current: AppGeneration;
  #reloads: Promise<unknown> = Promise.resolve();

  constructor(manifestFile: string, listener: Listener, first: AppGeneration, runtime: AppRuntime) {
    this.#manifestFile = manifestFile;
    this.#listener = listener;
    this.#current = first;
    this.#runtime = runtime;
    this.events = runtime.events;
    this.url = listener.url;
  }

  get app(): LoadedApp {
    return this.#current.app;
  }

  get routes(): readonly RouteListing[] {
    return this.#current.router.routes();
  }

  /**
   * Loads the manifest again and swaps the result in. When only policies changed, the
   * serving generation's policy table is updated in place; otherwise the next generation
   * starts beside it (reusing every engine whose wasm and variables are unchanged) and
   * the listener sends new requests to it, while requests in flight finish on the old
   * one. Publishes `app.reloaded`, or `app.failed` and rethrows, leaving the old version
   * serving.
   */
  reload(cause: ReloadCause = { trigger: 'restart' }): Promise<AppReload> {
    const run = this.#reloads.then(() => this.#reload(cause));
    this.#reloads = run.catch(() => undefined);
    return run;
  }

  /**
   * Replaces `component`'s allowed_outbound_hosts with `entries` for the very next
   * outbound request, without touching spin.toml or restarting anything. Entries are
   * validated as Spin's loader validates them and `{{ var }}` templates resolve with the
   * app's variables. Throws AllowedHostError (Spin's message) or UnknownComponentError.
   */
  setAllowedHosts(component: string, entries: readonly string[]): AppReload {
    const started = performance.now();
    const app = this.#current.app;
    if (!app.manifest.components.has(component)) throw new UnknownComponentError(component, [...app.manifest.components.keys()]);
    validateComponentHosts(app.manifest, entries);
    const next = withAllowedHosts(app, component, entries, compileComponentHosts(app.manifest, entries, app.variables));
    const changes = reloadChanges(this.#current, { app: next, engineKeys: this.#current.engineKeys });
    this.#current.updateApp(next);
    return this.#published({ trigger: 'session' }, changes, started);
  }

  /** Stops the listener (cutting requests in flight), every engine and the outbound connections. */
  async stop(): Promise<void> {
    await this.#listener.close();
    await this.#runtime.engines.closeAll();
    await this.#runtime.agent.close();
  }

  /** Resolves once every replaced generation has finished its requests and given back its engines. */
  async settled(): Promise<void> {
    await Promise.all(this.#retiring);
  }

  async #reload(cause: ReloadCause): Promise<AppReload> {
    const started = performance.now();
    try {
      const app = await loadApp(this.#manifestFile, this.#runtime.options);
      const engineKeys = await routedEngineKeys(app, buildRouter(app.manifest.httpTriggers), this.#runtime.options);
      const changes = reloadChanges(this.#current, { app, engineKeys });
      if (onlyPoliciesChanged(this.#current, { app, engineKeys }, changes)) {
        this.#current.updateApp(app);
      } else {
        this.#swap(await AppGeneration.start(app, this.#runtime, engineKeys));
      }
      return this.#published(cause, changes, started);
    } catch (error) {
      this.events.publish({ kind: 'app.failed', id: newEventId(), time: Date.now(), traceId: newTraceId(), error: errorInfo(error) });
      throw error;
    }
  }

  #swap(next: AppGeneration): void {
    const previous = this.#current;
    this.#current = next;
    this.#listener.replaceApp(next);
    const retired = previous.retire().finally(() => this.#retiring.delete(retired));
    this.#retiring.add(retired);
  }

  #published(cause: ReloadCause | { trigger: 'session' }, changes: ReloadChanges, started: number): AppReload {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const { manifest } = this.#current.app;
    const event: AppReloadedEvent = {
      kind: 'app.reloaded',
      id: newEventId(),
      time: Date.now(),
      traceId: newTraceId(),
      app: manifest.name,
      components: [...manifest.components.keys()],
      trigger: cause.trigger,
      ...('files' in cause && cause.files !== undefined ? { files: cause.files } : {}),
      changes,
      durationMs,
    };
    this.events.publish(event);
    return { changes, durationMs };
  }
}

function errorInfo(error: unknown): { code?: string; name: string; message: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), name: error.name, message: error.message };
}
