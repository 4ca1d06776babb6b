import type { ReloadChanges } from '../api/events.js';
import { ConnectTimeoutAgents } from '../dispatcher/index.js';
import { DEFAULT_BODY_CAPTURE_LIMIT } from '../http/index.js';
import { EventStore, newEventId, newTraceId } from '../events/index.js';
import { runSqliteStatements } from '../runtime-config/index.js';
import { startListener, type Listener, type RouteListing } from '../trigger/index.js';
import { AppGeneration, type AppRuntime } from './app-generation.js';
import { EngineRegistry } from './engine-registry.js';
import { loadApp, withStoreDirs, type LoadedApp } from './load-app.js';
import { LiveApp, type AppReload, type ReloadCause, type SavedList } from './running-app.js';
import type { SessionChanges, SessionLists } from './session-changes.js';
import type { SessionField } from './session-fields.js';
import type { StartOptions } from './start-options.js';
import type { StoreBrowser } from './store-browser.js';
import { StoreFiles } from './store-files.js';

export type { AppReload, ReloadCause, ReloadChanges, SavedList, SessionChanges, SessionField, SessionLists, StartOptions };

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
   * StoreLabelError (Spin's message) for a bad entry, or UnknownComponentError.
   * Publishes `app.reloaded` with trigger `session`.
   */
  setList(component: string, field: SessionField, entries: readonly string[]): AppReload;
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
   * reload under way.
   */
  saveList(component: string, field: SessionField, entries: readonly string[]): Promise<SavedList>;
  /** Resolves once every replaced version has finished its requests and stopped its unused engines. */
  settled(): Promise<void>;
  /** Stops the listener, the guests and the outbound connections. */
  stop(): Promise<void>;
}

/** An app loaded with its engines running but not yet listening. */
export interface PreparedApp {
  readonly app: LoadedApp;
  /** Binds the listener and publishes `app.loaded`; if binding fails, the engines are stopped. */
  listen(): Promise<RunningApp>;
  /** Stops the engines of an app that will never listen. */
  discard(): Promise<void>;
}

/**
 * `spin up`: loads the app, starts one engine per component that an HTTP trigger
 * routes to, wires every outbound request through the permission-enforcing
 * dispatcher and every chained request in memory, and starts the listener.
 */
export async function startApp(manifestFile: string, options: StartOptions = {}): Promise<RunningApp> {
  return (await prepareApp(manifestFile, options)).listen();
}

/**
 * The part of {@link startApp} that can fail on a bad app (load, validate, start the
 * engines), so a caller can check the new app while an old one still holds the port.
 */
export async function prepareApp(manifestFile: string, options: StartOptions = {}): Promise<PreparedApp> {
  const app = await withStoreDirs(await loadApp(manifestFile, options));
  // As `spin up --sqlite`: once, before anything serves (crates/trigger/src/cli/sqlite_statements.rs).
  if (options.sqliteStatements !== undefined) await runSqliteStatements(app.stores, options.sqliteStatements, options.cwd);
  let listener: Listener | undefined;
  const runtime: AppRuntime = {
    events: options.events ?? new EventStore(options),
    engines: new EngineRegistry(),
    agent: new ConnectTimeoutAgents(),
    selfOrigin: () => listener?.url,
    captureLimit: options.bodyCaptureLimit ?? DEFAULT_BODY_CAPTURE_LIMIT,
    storeFiles: new StoreFiles(),
    options,
  };
  const discard = async (): Promise<void> => {
    await runtime.engines.closeAll();
    await runtime.agent.close();
    await runtime.storeFiles.remove();
  };
  let first: AppGeneration;
  try {
    first = await AppGeneration.start(app, runtime);
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    app,
    discard,
    async listen() {
      try {
        listener = await startListener({
          router: first.router,
          handle: first.handle,
          hold: first.hold,
          appInfo: first.appInfo,
          ...(options.listen === undefined ? {} : { listen: options.listen }),
        });
      } catch (error) {
        await discard();
        throw error;
      }
      const running = new LiveApp(app.manifest.file, listener, first, runtime);
      runtime.events.publish({ kind: 'app.loaded', id: newEventId(), time: Date.now(), traceId: newTraceId(), app: app.manifest.name, components: [...app.manifest.components.keys()], origin: running.url });
      return running;
    },
  };
}
