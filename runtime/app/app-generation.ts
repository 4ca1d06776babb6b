import { dirname, join } from 'node:path';
import type { Dispatcher } from 'undici';
import { outboundDispatcher, type DispatchInbound } from '../dispatcher/index.js';
import { defaultCacheDir, loadComponent, UnsupportedImportError, type StoreLayoutData } from '../engine/index.js';
import { newTraceId, type EventStore } from '../events/index.js';
import type { AllowedHosts } from '../permissions/index.js';
import { buildRouter, prepareChainedRequest, RouteError, type AppInfo, type InboundHandler, type Router, type ServedApp } from '../trigger/index.js';
import { ComponentServer } from './component-server.js';
import { StaticResponder } from './static-responder.js';
import { componentWasm } from './component-source.js';
import { engineKey, type EngineRegistry } from './engine-registry.js';
import { HostAccess } from './host-access.js';
import type { LoadedApp } from './load-app.js';
import type { StartOptions } from './start-options.js';
import type { StoreFiles } from './store-files.js';

/** What every generation of one running app shares. */
export interface AppRuntime {
  readonly events: EventStore;
  readonly engines: EngineRegistry;
  /** One network dispatcher for every generation, so keep-alive connections survive reloads. */
  readonly agent: Dispatcher;
  /** The listener's origin, once it is bound (spec §9.42 self requests). */
  readonly selfOrigin: () => string | undefined;
  readonly captureLimit: number;
  /** The files behind the app's stores, kept for its whole run. */
  readonly storeFiles: StoreFiles;
  readonly options: StartOptions;
}

/**
 * One generation of a running app: its router, a component server per routed
 * component and an outbound dispatcher, serving the requests the listener gave it.
 * A reload builds the next generation beside it; the listener then sends new requests
 * there, and this one {@link retire}s once its requests in flight have finished.
 *
 * Its policy table is read per outbound request, so {@link updateApp} changes what
 * the next outbound request may reach without restarting anything.
 */
export class AppGeneration implements ServedApp {
  readonly router: Router;
  readonly appInfo: AppInfo;
  /** Engine keys by component id: what each component's engine is made of. */
  readonly engineKeys: ReadonlyMap<string, string>;
  /** Where its workers find each store and database. */
  readonly stores: StoreLayoutData;
  readonly #servers: ReadonlyMap<string, ComponentServer>;
  readonly #staticResponder: StaticResponder;
  readonly #policies: Map<string, AllowedHosts>;
  readonly #engines: EngineRegistry;
  #app: LoadedApp;
  #inFlight = 0;
  #whenIdle: (() => void)[] = [];

  private constructor(
    app: LoadedApp,
    router: Router,
    servers: ReadonlyMap<string, ComponentServer>,
    staticResponder: StaticResponder,
    policies: Map<string, AllowedHosts>,
    keys: ReadonlyMap<string, string>,
    stores: StoreLayoutData,
    engines: EngineRegistry,
  ) {
    this.#app = app;
    this.router = router;
    this.appInfo = { name: app.manifest.name, ...(app.manifest.version === undefined ? {} : { version: app.manifest.version }) };
    this.#servers = servers;
    this.#staticResponder = staticResponder;
    this.#policies = policies;
    this.engineKeys = keys;
    this.stores = stores;
    this.#engines = engines;
  }

  /**
   * Builds a generation for `app`: reuses the running engine of every component whose
   * key is unchanged and starts the others. If any fails to start, the ones it took
   * are given back and the error is thrown; nothing that is serving is touched.
   */
  static async start(app: LoadedApp, runtime: AppRuntime, keys?: ReadonlyMap<string, string>): Promise<AppGeneration> {
    const router = buildRouter(app.manifest.httpTriggers);
    const policies = new Map(app.policies);
    const servers = new Map<string, ComponentServer>();
    const dispatcher = outboundDispatcher({
      policies,
      events: runtime.events,
      dispatchInbound: chainTo(router, servers),
      selfOrigin: runtime.selfOrigin,
      bodyCaptureLimit: runtime.captureLimit,
      agent: runtime.agent,
      rules: runtime.options.rules,
    });
    const engineKeys = keys ?? (await routedEngineKeys(app, router, runtime.options));
    // Read per request, so a live edit (updateApp) is in force for the next one.
    const access = new HostAccess(() => generation.app, runtime.events);
    const ids = [...engineKeys.keys()];
    const stores = await runtime.storeFiles.workerLayout(app.stores, runtime.captureLimit);
    const settled = await Promise.allSettled(ids.map((id) => runtime.engines.acquire(engineKeys.get(id) ?? '', () => startEngine(app, id, stores, runtime.options))));
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(ids.filter((_, index) => settled[index]?.status === 'fulfilled').map((id) => runtime.engines.release(engineKeys.get(id) ?? '')));
      throw failure.reason;
    }
    settled.forEach((result, index) => {
      const id = ids[index] ?? '';
      if (result.status === 'fulfilled') {
        servers.set(id, new ComponentServer(id, result.value, dispatcher, access, runtime.events, runtime.captureLimit));
      }
    });
    const staticResponder = new StaticResponder(runtime.events, runtime.captureLimit);
    const generation = new AppGeneration(app, router, servers, staticResponder, policies, engineKeys, stores, runtime.engines);
    return generation;
  }

  /** The app this generation serves, with any live policy edits. */
  get app(): LoadedApp {
    return this.#app;
  }

  /** Runs a routed request on its component, or serves its static response, as the root of a new trace. */
  readonly handle: InboundHandler = async (request) => {
    const { route } = request;
    if (route.component === undefined) return this.#staticResponder.serve(request, route.staticTrigger, route.staticResponse);
    const server = this.#servers.get(route.component);
    // The router only routes to components whose engine started, so this cannot happen.
    if (server === undefined) throw new RouteError(`no engine is running for component "${route.component}"`);
    return server.serve(request, { traceId: newTraceId() });
  };

  /** Counts a request in flight until the returned function is called. */
  readonly hold = (): (() => void) => {
    this.#inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#inFlight === 0) for (const resolve of this.#whenIdle.splice(0)) resolve();
    };
  };

  /**
   * Serves `app` from now on with the same router and engines: only its policies (and
   * what `components()` describes) change. The caller checked that nothing else did.
   */
  updateApp(app: LoadedApp): void {
    this.#app = app;
    for (const [id, policy] of app.policies) this.#policies.set(id, policy);
  }

  /** Waits for the requests in flight, then gives back its engines (closing those no newer generation uses). */
  async retire(): Promise<void> {
    if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#whenIdle.push(resolve));
    await Promise.all([...this.engineKeys.values()].map((key) => this.#engines.release(key)));
  }
}

/** The engine key of every component a trigger routes to, by component id. */
export async function routedEngineKeys(app: LoadedApp, router: Router, options: StartOptions): Promise<Map<string, string>> {
  const routed = [...app.manifest.components.values()].filter((component) => router.components.has(component.id));
  const downloadDir = downloadDirOf(options);
  const settled = await Promise.allSettled(
    routed.map(async (component) => engineKey(app, component.id, await componentWasm(app.manifest.file, component, downloadDir))),
  );
  // The first problem in manifest order, whichever settled first.
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return new Map(routed.map((component, index) => [component.id, (settled[index] as PromiseFulfilledResult<string>).value]));
}

async function startEngine(app: LoadedApp, id: string, stores: StoreLayoutData, options: StartOptions) {
  const component = app.manifest.components.get(id);
  if (component === undefined) throw new RouteError(`no component "${id}" in ${app.manifest.file}`);
  const files = app.fileMounts.get(id);
  const wasm = await componentWasm(app.manifest.file, component, downloadDirOf(options));
  try {
    return await loadComponent(wasm, {
      ...options.engine,
      name: id,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      variables: app.componentVariables.get(id) ?? new Map(),
      ...(files !== undefined && { files }),
      stores,
      environment: app.componentEnvironment.get(id) ?? [],
    });
  } catch (error) {
    // The engine knows the wasm, the app which component of the manifest it is.
    throw error instanceof UnsupportedImportError && error.component === undefined ? error.inComponent(id) : error;
  }
}

function downloadDirOf(options: StartOptions): string {
  return options.downloadDir ?? join(dirname(defaultCacheDir()), 'downloads');
}

// spec §10.44–45: a chained request runs in memory on its target, with Spin's synthetic
// route; a component no trigger routes to resolves to undefined, which the dispatcher reports.
function chainTo(router: Router, servers: ReadonlyMap<string, ComponentServer>): DispatchInbound {
  return async (component, request, trace) => {
    const server = servers.get(component);
    if (server === undefined) return undefined;
    let chained;
    try {
      chained = prepareChainedRequest(router, component, request);
    } catch (error) {
      if (error instanceof RouteError) return undefined;
      throw error;
    }
    return server.serve(chained, { traceId: trace.traceId, parentId: trace.parentId, chainedFrom: trace.from });
  };
}
