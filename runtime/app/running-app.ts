import { performance } from 'node:perf_hooks';
import type { AppReloadedEvent, DroppedSessionChange, ReloadChanges } from '../api/events.js';
import { newEventId, newTraceId, type EventStore } from '../events/index.js';
import { buildRouter, routerWarningMessages, type Listener, type RouteListing } from '../trigger/index.js';
import { AppGeneration, routedEngineKeys, type AppRuntime } from './app-generation.js';
import { readManifestText } from '../manifest/index.js';
import { loadApp, withStoreDirs, type LoadedApp } from './load-app.js';
import { onlyPoliciesChanged, reloadChanges } from './reload-changes.js';
import { saveComponentList } from './save-component-list.js';
import { StoreBrowser } from './store-browser.js';
import { carrySessionChanges, mapLists, NO_SESSION_CHANGES, sameEntries, withSessionChanges, type SessionLists } from './session-changes.js';
import { rulesOf, type SessionField } from './session-fields.js';
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
  /** Session changes a reload from spin.toml could not keep (see {@link LiveApp.reload}). */
  readonly droppedSessionChanges: readonly DroppedSessionChange[];
}

/** A save to spin.toml that is written, and the reload from it. */
export interface SavedList {
  readonly reloaded: Promise<AppReload>;
}

/**
 * The serving side of a running app: one listener, bound once, and the generation it
 * routes new requests to. Reloads run one at a time.
 *
 * It serves the app as spin.toml last loaded it with the session changes (live edits to
 * allowed_outbound_hosts) laid over it. An edit made while a reload prepares the next
 * generation is laid over that generation too, in the same tick as the swap, so none is lost.
 */
export class LiveApp {
  readonly events: EventStore;
  readonly url: string;
  readonly #manifestFile: string;
  readonly #listener: Listener;
  readonly #runtime: AppRuntime;
  readonly #retiring = new Set<Promise<void>>();
  #current: AppGeneration;
  #manifestApp: LoadedApp;
  #lastReloadFailed = false;
  #sessionChanges: SessionLists = NO_SESSION_CHANGES;
  #reloads: Promise<unknown> = Promise.resolve();
  /** The key-value stores as an inspector reads and edits them, where the serving generation keeps them. */
  readonly keyValueStores = new StoreBrowser(() => this.#current.stores);

  constructor(manifestFile: string, listener: Listener, first: AppGeneration, runtime: AppRuntime) {
    this.#manifestFile = manifestFile;
    this.#listener = listener;
    this.#current = first;
    this.#manifestApp = first.app;
    this.#runtime = runtime;
    this.events = runtime.events;
    this.url = listener.url;
  }

  /** The app being served: spin.toml's, with the session changes. */
  get app(): LoadedApp {
    return this.#current.app;
  }

  /** The app as spin.toml last loaded it, without session changes. */
  get manifestApp(): LoadedApp {
    return this.#manifestApp;
  }

  /** Each list changed for this session, not in spin.toml, by field and component. */
  get sessionChanges(): SessionLists {
    return this.#sessionChanges;
  }

  get routes(): readonly RouteListing[] {
    return this.#current.router.routes();
  }

  get routeWarnings(): readonly string[] {
    return routerWarningMessages(this.#current.router.warnings);
  }

  /**
   * Loads the manifest again and swaps the result in. When only policies changed, the
   * serving generation's policy table is updated in place; otherwise the next generation
   * starts beside it (reusing every engine whose wasm and variables are unchanged) and
   * the listener sends new requests to it, while requests in flight finish on the old
   * one. Session changes carry over unless spin.toml changed that component's own
   * allowed_outbound_hosts, dropped the component, or made an entry invalid; those are
   * reported in `droppedSessionChanges`. Publishes `app.reloaded`, or `app.failed` and
   * rethrows, leaving the old version (and every session change) serving.
   */
  reload(cause: ReloadCause = { trigger: 'restart' }): Promise<AppReload> {
    return this.#queued(() => this.#reload(cause));
  }

  reloadChangedFiles(files: readonly string[]): Promise<AppReload | undefined> {
    return this.#queued(async () => {
      const { file: manifest } = this.#manifestApp.manifest;
      const onlyManifest = files.every((file) => file === manifest);
      // After a failed reload the same text still has to be loaded, to clear the failure.
      if (onlyManifest && !this.#lastReloadFailed && (await readManifestText(manifest).catch(() => undefined)) === this.#manifestApp.manifestText) return undefined;
      return this.#reload({ trigger: 'watch', files });
    });
  }

  /**
   * Writes `component`'s `field` list into spin.toml (see `saveComponentList`) and
   * reloads from it, in turn with other reloads; the saved list replaces the component's
   * session change to that list. Resolves once the file is written, rejecting with the
   * write's error (nothing written or reloaded), to the reload under way.
   */
  async saveList(component: string, field: SessionField, entries: readonly string[]): Promise<SavedList> {
    const written = this.#reloads.then(async () => {
      const since = this.#sessionChanges;
      if (field !== 'allowed_outbound_hosts') rulesOf(field).check(this.#manifestApp, component, entries);
      await saveComponentList(this.#manifestFile, component, field, entries);
      return since;
    });
    // Naming the file it wrote lets the reload's event say what set it off.
    const reloaded = this.#queued(async () => this.#reload({ trigger: 'restart', files: [this.#manifestFile] }, await written, { component, field }));
    await written;
    return { reloaded };
  }

  /**
   * Replaces `component`'s `field` list with `entries` for its very next outbound request
   * or store open, without touching spin.toml or restarting anything. Entries are checked
   * as Spin's loader checks them (`{{ var }}` templates in allowed_outbound_hosts resolve
   * with the app's variables; a store label must be well formed and defined). Throws
   * AllowedHostError or StoreLabelError (Spin's message), or UnknownComponentError.
   */
  setList(component: string, field: SessionField, entries: readonly string[]): AppReload {
    const started = performance.now();
    const rules = rulesOf(field);
    const inManifest = rules.read(this.#knownComponent(component));
    rules.check(this.#manifestApp, component, entries);
    const changes = new Map(this.#sessionChanges[field]);
    // A list spin.toml already holds is no session change.
    if (sameEntries(entries, inManifest)) changes.delete(component);
    else changes.set(component, [...entries]);
    return this.#serveSessionChanges({ ...this.#sessionChanges, [field]: changes }, started);
  }

  /**
   * Drops the session changes of `component` (of every component when absent), in every
   * list: what spin.toml last loaded is enforced from the next outbound request or store
   * open. Throws UnknownComponentError. Publishes `app.reloaded` with trigger `session`.
   */
  discardSessionChanges(component?: string): AppReload {
    const started = performance.now();
    if (component === undefined) return this.#serveSessionChanges(NO_SESSION_CHANGES, started);
    this.#knownComponent(component);
    const lists = mapLists(({ field }) => {
      const changes = new Map(this.#sessionChanges[field]);
      changes.delete(component);
      return changes;
    });
    return this.#serveSessionChanges(lists, started);
  }

  /** Stops the listener (cutting requests in flight), every engine and the outbound connections. */
  async stop(): Promise<void> {
    await this.#listener.close();
    await this.#runtime.engines.closeAll();
    await this.#runtime.agent.close();
    this.keyValueStores.close();
    await this.#runtime.storeFiles.remove();
  }

  /** Resolves once every replaced generation has finished its requests and given back its engines. */
  async settled(): Promise<void> {
    await Promise.all(this.#retiring);
  }

  #queued<T>(reload: () => Promise<T>): Promise<T> {
    const run = this.#reloads.then(reload);
    this.#reloads = run.catch(() => undefined);
    return run;
  }

  #knownComponent(component: string) {
    const { components } = this.#manifestApp.manifest;
    const found = components.get(component);
    if (found === undefined) throw new UnknownComponentError(component, [...components.keys()]);
    return found;
  }

  #serveSessionChanges(changes: SessionLists, started: number): AppReload {
    const served = withSessionChanges(this.#manifestApp, changes);
    const policyChanges = reloadChanges(this.#current, { app: served, engineKeys: this.#current.engineKeys });
    this.#current.updateApp(served);
    this.#sessionChanges = changes;
    return this.#published({ trigger: 'session' }, policyChanges, started, []);
  }

  /** `since`: the session changes when the reload began (for a save, before the write). */
  async #reload(cause: ReloadCause, since = this.#sessionChanges, saved?: { component: string; field: SessionField }): Promise<AppReload> {
    const started = performance.now();
    try {
      const app = await withStoreDirs(await loadApp(this.#manifestFile, this.#runtime.options));
      const engineKeys = await routedEngineKeys(app, buildRouter(app.manifest.httpTriggers), this.#runtime.options);
      const next = onlyPoliciesChanged(this.#current, { app, engineKeys }, reloadChanges(this.#current, { app, engineKeys }))
        ? this.#current
        : await AppGeneration.start(app, this.#runtime, engineKeys);
      // From here to the swap nothing awaits, so a session change made while the next
      // generation was starting is carried over with the rest.
      const { kept, dropped } = this.#carry(app, since, saved);
      const served = withSessionChanges(app, kept);
      const changes = reloadChanges(this.#current, { app: served, engineKeys });
      next.updateApp(served);
      if (next !== this.#current) this.#swap(next);
      this.#manifestApp = app;
      this.#sessionChanges = kept;
      this.#lastReloadFailed = false;
      return this.#published(cause, changes, started, dropped);
    } catch (error) {
      this.#lastReloadFailed = true;
      this.events.publish({ kind: 'app.failed', id: newEventId(), time: Date.now(), traceId: newTraceId(), error: errorInfo(error) });
      throw error;
    }
  }

  /** What `app`, just loaded from spin.toml, keeps of the session changes to each list. */
  #carry(app: LoadedApp, since: SessionLists, saved?: { component: string; field: SessionField }): { kept: SessionLists; dropped: DroppedSessionChange[] } {
    const dropped: DroppedSessionChange[] = [];
    const kept = mapLists((rules) => {
      const justSaved = saved?.field === rules.field ? { saved: saved.component } : {};
      const carried = carrySessionChanges(this.#sessionChanges[rules.field], { before: this.#manifestApp.manifest, after: app, since: since[rules.field], ...justSaved }, rules);
      dropped.push(...carried.dropped);
      return carried.kept;
    });
    return { kept, dropped };
  }

  #swap(next: AppGeneration): void {
    const previous = this.#current;
    this.#current = next;
    this.#listener.replaceApp(next);
    const retired = previous.retire().finally(() => this.#retiring.delete(retired));
    this.#retiring.add(retired);
  }

  #published(cause: ReloadCause | { trigger: 'session' }, changes: ReloadChanges, started: number, dropped: readonly DroppedSessionChange[]): AppReload {
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
      ...(dropped.length === 0 ? {} : { droppedSessionChanges: dropped }),
    };
    this.events.publish(event);
    return { changes, durationMs, droppedSessionChanges: dropped };
  }
}

function errorInfo(error: unknown): { code?: string; name: string; message: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), name: error.name, message: error.message };
}
