import type { ReloadChanges } from '../api/events.js';
import { ConnectTimeoutAgents } from '../dispatcher/index.js';
import { DEFAULT_BODY_CAPTURE_LIMIT } from '../http/index.js';
import { EventStore, newEventId, newTraceId } from '../events/index.js';
import { runSqliteStatements } from '../runtime-config/index.js';
import { startListener, type Listener } from '../trigger/index.js';
import { AppGeneration, type AppRuntime } from './app-generation.js';
import { EngineRegistry } from './engine-registry.js';
import { loadApp, withStoreDirs, type LoadedApp } from './load-app.js';
import { LiveApp, type AppReload, type ReloadCause, type RunningApp, type SavedList } from './running-app.js';
import type { SessionChanges, SessionLists } from './session-changes.js';
import type { SessionField } from './session-fields.js';
import type { StartOptions } from './start-options.js';
import { StoreFiles } from './store-files.js';

export type { AppReload, ReloadCause, ReloadChanges, RunningApp, SavedList, SessionChanges, SessionField, SessionLists, StartOptions };

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
