import { performance } from 'node:perf_hooks';
import type { AppReloadedEvent, ChangeActor, DroppedSessionChange, ReloadChanges } from '../api/events.js';
import { errorInfo, newEventId, newTraceId, type EventStore } from '../events/index.js';
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
  /** Who asked for it, when not the developer (see `AppReloadedEvent.actor`). */
  readonly actor?: ChangeActor;
}

/** What a reload or a live policy edit did. */
export interface AppReload {
  readonly changes: ReloadChanges;
  readonly durationMs: number;
  /** Session changes a reload from spin.toml could not keep (see {@link RunningApp.reload}). */
  readonly droppedSessionChanges: readonly DroppedSessionChange[];
}

/** A save to spin.toml that is written, and the reload from it. */
export interface SavedList {
  readonly reloaded: Promise<AppReload>;
}

/** An app that is serving. */
export interface RunningApp {
  /** The app being served: spin.toml's, with the session changes to its components' lists. */
  readonly app: LoadedApp;
  /** The app as spin.toml last loaded it, without session changes. */
  readonly manifestApp: LoadedApp;
  /** Each component's lists changed for this session, as written, by field; not in spin.toml. */
  readonly sessionChanges: SessionLists;
  /** Every event, live and recorded. */
  readonly events: EventStore;
  /** The app's key-value stores, opened on this thread for an inspector. */
  readonly keyValueStores: StoreBrowser;
  /** The listener's origin, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The routes in the order they are tried, as `spin up` lists them. */
  readonly routes: readonly RouteListing[];
  /**
   * What `spin up` logs about the served route table and runs anyway (duplicate routes,
   * routes under `/.well-known/spin/`), in Spin's words; one message per problem.
   */
  readonly routeWarnings: readonly string[];
  /**
   * Reloads spin.toml and swaps the new version in without closing the listener:
   * requests in flight finish on the old version, new ones reach the new one, and
   * engines whose wasm and variables are unchanged keep running. A change to
   * allowed_outbound_hosts alone swaps only the policy table. Session changes carry
   * over, except where spin.toml changed that component's list (the file wins), removed
   * the component or made an entry invalid: those are dropped and
   * listed in `droppedSessionChanges`. A session change made while the reload runs is
   * kept. Publishes `app.reloaded`; on failure publishes `app.failed`, keeps the old
   * version serving and rethrows.
   */
  reload(cause?: ReloadCause): Promise<AppReload>;
  /**
   * `reload` for a batch of files a watcher saw change (trigger `watch`), except that a
   * batch naming only spin.toml, whose text is what the app already loaded (its own
   * save, a touch), reloads nothing and resolves to undefined.
   */
  reloadChangedFiles(files: readonly string[]): Promise<AppReload | undefined>;
  /**
   * Replaces one component's allowed_outbound_hosts, key_value_stores or sqlite_databases
   * (`field`) from its next outbound request or store open on, in memory only: a session
   * change (none when `entries` is what spin.toml holds). Throws AllowedHostError or
   * StoreLabelError (Spin's message) for a bad entry, or UnknownComponentError: entries
   * are checked as Spin's loader checks them (`{{ var }}` templates in
   * allowed_outbound_hosts resolve with the app's variables; a store label must be well
   * formed and defined). Publishes `app.reloaded` with trigger `session` (and `actor`).
   */
  setList(component: string, field: SessionField, entries: readonly string[], actor?: ChangeActor): AppReload;
  /**
   * Drops `component`'s session changes, or every one when absent, so spin.toml's lists
   * (as last loaded) apply again. Throws UnknownComponentError. Publishes `app.reloaded`
   * with trigger `session`.
   */
  discardSessionChanges(component?: string): AppReload;
  /**
   * Writes one component's `field` list into spin.toml in place, in turn with reloads,
   * and reloads from it; the saved list replaces its session change to that list. Rejects
   * with the write's error (AllowedHostError, StoreLabelError, ManifestEditError,
   * ManifestError) before anything changes; otherwise resolves, once written, to the
   * reload under way (its `app.reloaded` carries `actor`).
   */
  saveList(component: string, field: SessionField, entries: readonly string[], actor?: ChangeActor): Promise<SavedList>;
  /** Resolves once every replaced version has finished its requests and stopped its unused engines. */
  settled(): Promise<void>;
  /** Stops the listener (cutting requests in flight), the guests and the outbound connections. */
  stop(): Promise<void>;
}

/**
 * The serving side of a running app: one listener, bound once, and the generation it
 * routes new requests to. Reloads run one at a time.
 *
 * It serves the app as spin.toml last loaded it with the session changes (live edits to
 * allowed_outbound_hosts) laid over it. An edit made while a reload prepares the next
 * generation is laid over that generation too, in the same tick as the swap, so none is lost.
 */
export class LiveApp implements RunningApp {
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

  get app(): LoadedApp {
    return this.#current.app;
  }

  get manifestApp(): LoadedApp {
    return this.#manifestApp;
  }

  get sessionChanges(): SessionLists {
    return this.#sessionChanges;
  }

  get routes(): readonly RouteListing[] {
    return this.#current.router.routes();
  }

  get routeWarnings(): readonly string[] {
    return routerWarningMessages(this.#current.router.warnings);
  }

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

  async saveList(component: string, field: SessionField, entries: readonly string[], actor?: ChangeActor): Promise<SavedList> {
    const written = this.#reloads.then(async () => {
      const since = this.#sessionChanges;
      if (field !== 'allowed_outbound_hosts') rulesOf(field).check(this.#manifestApp, component, entries);
      await saveComponentList(this.#manifestFile, component, field, entries);
      return since;
    });
    // Naming the file it wrote lets the reload's event say what set it off.
    const cause: ReloadCause = { trigger: 'restart', files: [this.#manifestFile], ...(actor === undefined ? {} : { actor }) };
    const reloaded = this.#queued(async () => this.#reload(cause, await written, { component, field }));
    await written;
    return { reloaded };
  }

  setList(component: string, field: SessionField, entries: readonly string[], actor?: ChangeActor): AppReload {
    const started = performance.now();
    const rules = rulesOf(field);
    const inManifest = rules.read(this.#knownComponent(component));
    rules.check(this.#manifestApp, component, entries);
    const changes = new Map(this.#sessionChanges[field]);
    // A list spin.toml already holds is no session change.
    if (sameEntries(entries, inManifest)) changes.delete(component);
    else changes.set(component, [...entries]);
    return this.#serveSessionChanges({ ...this.#sessionChanges, [field]: changes }, started, actor);
  }

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

  async stop(): Promise<void> {
    await this.#listener.close();
    await this.#runtime.engines.closeAll();
    await this.#runtime.agent.close();
    this.keyValueStores.close();
    await this.#runtime.storeFiles.remove();
  }

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

  #serveSessionChanges(changes: SessionLists, started: number, actor?: ChangeActor): AppReload {
    const served = withSessionChanges(this.#manifestApp, changes);
    const policyChanges = reloadChanges(this.#current, { app: served, engineKeys: this.#current.engineKeys });
    this.#current.updateApp(served);
    this.#sessionChanges = changes;
    return this.#published({ trigger: 'session', ...(actor === undefined ? {} : { actor }) }, policyChanges, started, []);
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

  #published(cause: ReloadCause | { readonly trigger: 'session'; readonly actor?: ChangeActor }, changes: ReloadChanges, started: number, dropped: readonly DroppedSessionChange[]): AppReload {
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
      ...(cause.actor === undefined ? {} : { actor: cause.actor }),
    };
    this.events.publish(event);
    return { changes, durationMs, droppedSessionChanges: dropped };
  }
}
