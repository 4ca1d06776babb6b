import { dirname, join } from 'node:path';
import type { Dispatcher } from 'undici';
import { DEFAULT_BODY_CAPTURE_LIMIT, outboundDispatcher, performOutboundWith, type DispatchInbound } from '../dispatcher/index.js';
import { defaultCacheDir, loadComponent, type ComponentEngine, type ComponentLoadOptions } from '../engine/index.js';
import { EventStore, newEventId, newTraceId } from '../events/index.js';
import { buildRouter, prepareChainedRequest, RouteError, startListener, type Listener, type RouteListing, type Router } from '../trigger/index.js';
import { ComponentServer, type TracedEngine } from './component-server.js';
import { componentWasm } from './component-source.js';
import { loadApp, type LoadedApp, type LoadOptions } from './load-app.js';

/** How to run an app, on top of how to load it. */
export interface StartOptions extends LoadOptions {
  /** `--listen` address; default `127.0.0.1:3000`, port 0 for any free port. */
  readonly listen?: string;
  /** Per-request guest timeout in ms; default 30 s. */
  readonly timeoutMs?: number;
  /** Bytes of each body kept in events; default 1 MiB. */
  readonly bodyCaptureLimit?: number;
  /** Traces the event store keeps; default 10,000. */
  readonly maxTraces?: number;
  /** Engine settings shared by every component (transpile cache, worker script, concurrency). */
  readonly engine?: Pick<ComponentLoadOptions, 'cacheDir' | 'workerScript' | 'maxConcurrency'>;
  /** Where `{ url, digest }` sources are saved, by digest; defaults beside the transpile cache. */
  readonly downloadDir?: string;
  /** The store to record into, e.g. one kept across restarts; a new one (with `maxTraces`) when absent. */
  readonly events?: EventStore;
}

/** An app that is serving. */
export interface RunningApp {
  readonly app: LoadedApp;
  /** Every event, live and recorded. */
  readonly events: EventStore;
  /** The listener's origin, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The routes in the order they are tried, as `spin up` lists them. */
  readonly routes: readonly RouteListing[];
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
 * engines), so a reload can check the new app while the old one still holds the port.
 */
export async function prepareApp(manifestFile: string, options: StartOptions = {}): Promise<PreparedApp> {
  const app = await loadApp(manifestFile, options);
  const events = options.events ?? new EventStore(options.maxTraces === undefined ? {} : { maxTraces: options.maxTraces });
  const captureLimit = options.bodyCaptureLimit ?? DEFAULT_BODY_CAPTURE_LIMIT;
  const router = buildRouter(app.manifest.httpTriggers);
  const servers = new Map<string, ComponentServer>();
  let listener: Listener | undefined;

  const dispatcher = outboundDispatcher({
    policies: app.policies,
    events,
    dispatchInbound: chainTo(router, servers),
    selfOrigin: () => listener?.url,
    bodyCaptureLimit: captureLimit,
  });
  const stop = (): Promise<void> => stopAll(servers, dispatcher, listener);
  try {
    const engines = await startEngines(app, router, dispatcher, servers, options);
    for (const [id, engine] of engines) servers.set(id, new ComponentServer(id, engine, events, captureLimit));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    app,
    discard: stop,
    async listen() {
      try {
        listener = await startListener({
          router,
          handle: (component, request) => serverFor(servers, component).serve(request, { traceId: newTraceId() }),
          ...(options.listen === undefined ? {} : { listen: options.listen }),
          appInfo: { name: app.manifest.name, ...(app.manifest.version === undefined ? {} : { version: app.manifest.version }) },
        });
      } catch (error) {
        await stop();
        throw error;
      }
      const url = listener.url;
      const traceId = newTraceId();
      events.publish({ kind: 'app.loaded', id: newEventId(), time: Date.now(), traceId, app: app.manifest.name, components: [...app.manifest.components.keys()], origin: url });
      return { app, events, url, routes: router.routes(), stop };
    },
  };
}

async function startEngines(
  app: LoadedApp,
  router: Router,
  dispatcher: Dispatcher,
  servers: ReadonlyMap<string, ComponentServer>,
  options: StartOptions,
): Promise<Map<string, TracedEngine>> {
  const routed = [...app.manifest.components.values()].filter((component) => router.components.has(component.id));
  const downloadDir = options.downloadDir ?? join(dirname(defaultCacheDir()), 'downloads');
  const settled = await Promise.allSettled(
    routed.map(async (component) =>
      loadComponent(await componentWasm(app.manifest.file, component, downloadDir), {
        ...options.engine,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        variables: app.componentVariables.get(component.id) ?? new Map(),
        performOutbound: performOutboundWith(dispatcher, component.id),
      }),
    ),
  );
  const engines = new Map<string, TracedEngine>();
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') engines.set(routed[index]?.id ?? '', result.value);
  });
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.all([...engines.values()].map((engine) => engine.close()));
    throw failure.reason;
  }
  return engines;
}

// spec §10.44–45: a chained request runs in memory on its target, with Spin's synthetic
// route; a component no trigger routes to resolves to undefined, which the dispatcher reports.
function chainTo(router: Router, servers: ReadonlyMap<string, ComponentServer>): DispatchInbound {
  return async (component, request, trace) => {
    const server = servers.get(component);
    if (server === undefined) return undefined;
    const url = `http://${request.authority ?? `${component}.spin.internal`}${request.pathWithQuery}`;
    let chained;
    try {
      chained = prepareChainedRequest(router, component, { method: request.method, url, headers: request.headers, body: request.body });
    } catch (error) {
      if (error instanceof RouteError) return undefined;
      throw error;
    }
    return server.serve(chained, { traceId: trace.traceId, parentId: trace.parentId, chainedFrom: trace.from });
  };
}

function serverFor(servers: ReadonlyMap<string, ComponentServer>, component: string): ComponentServer {
  const server = servers.get(component);
  // The router only routes to components whose engine started, so this cannot happen.
  if (server === undefined) throw new RouteError(`no engine is running for component "${component}"`);
  return server;
}

async function stopAll(servers: ReadonlyMap<string, ComponentServer>, dispatcher: Dispatcher, listener: Listener | undefined): Promise<void> {
  await listener?.close();
  await Promise.all([...servers.values()].map((server) => server.close()));
  await dispatcher.close();
}
