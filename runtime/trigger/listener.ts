/**
 * The inbound HTTP listener: what `spin up` does with each request it accepts
 * (`HttpServer::handle` and `handle_trigger_route` in `crates/trigger-http/src/server.rs`),
 * with the component call injected so this layer never loads Wasm.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SpinscopeError } from '../errors/spinscope-error.js';
import { InboundError } from './inbound-error.js';
import { DEFAULT_LISTEN_ADDRESS, resolveListenAddress, type ResolvedListenAddress } from './listen-address.js';
import { ListenError } from './listen-error.js';
import { WELL_KNOWN_PREFIX, type RouteMatch, type Router } from './router.js';
import { formatSocketAddress, prepareRequestHeaders } from './spin-headers.js';
import { parseRequestTarget } from './request-target.js';
import { ResponseDelivery } from './response-delivery.js';
import { stripForbiddenHeaders } from './strip-forbidden-headers.js';
import type { ByteQueue, Response } from '../http/index.js';
import type { InboundHandler, RoutedRequest } from './inbound-message.js';
import { writeArrivingBody } from './write-arriving-body.js';
import { writeWholeBody } from './write-whole-body.js';

/** The body of `/.well-known/spin/info` (Spin's `AppInfo`). */
export interface AppInfo {
  readonly name: string;
  readonly version?: string;
  readonly oci_image_digest?: string;
}

/**
 * What a listener serves: one generation of an app, its router and what answers a routed
 * request (a component, or a static response).
 * A reload hands the listener the next one; each request stays on the one that routed it.
 */
export interface ServedApp {
  readonly router: Router;
  readonly handle: InboundHandler;
  /** Served at `/.well-known/spin/info`; the name defaults to `""`. */
  readonly appInfo?: AppInfo;
  /**
   * Marks a request as in flight on this app, from routing until its response is
   * written; the returned function ends it. Lets a replaced app finish its requests.
   */
  readonly hold?: () => () => void;
}

/** How to start a listener: the first app it serves, and where. */
export interface ListenerOptions extends ServedApp {
  /** `--listen` text; defaults to `127.0.0.1:3000`. Port 0 asks the OS for a free port. */
  readonly listen?: string;
  /** `--find-free-port`: try the next port, up to 10 times, when the port is taken. */
  readonly findFreePort?: boolean;
  /** Told about every request answered with a 500 or dropped. */
  readonly onError?: (error: SpinscopeError) => void;
}

/** A running listener. */
export interface Listener {
  /** The address actually bound (the real port when asked for port 0). */
  readonly address: ResolvedListenAddress;
  /** `http://<address>`, as `spin up` prints after "Serving". */
  readonly url: string;
  /**
   * Atomically swaps in a reloaded app: every request accepted from now on is routed
   * and served by `next`; requests already routed finish on the app that routed them.
   */
  replaceApp(next: ServedApp): void;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/** `spin up --find-free-port` tries this many ports. */
const MAX_RETRIES = 10;

/** Binds the listen address and serves requests until `close()`. Throws a ListenError if it cannot bind. */
export async function startListener(options: ListenerOptions): Promise<Listener> {
  let served: ServedApp = options;
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const app = served;
    const release = app.hold?.();
    serveRequest(req, res, app, options)
      .catch((error: unknown) => {
        options.onError?.(new InboundError(`Error serving request: ${String(error)}`, { path: req.url ?? '', outcome: 'dropped' }, { cause: error }));
        req.socket.destroy();
      })
      .finally(release);
  });
  const address = await bind(server, options.listen ?? DEFAULT_LISTEN_ADDRESS, options.findFreePort ?? false);
  return {
    address,
    url: `http://${formatSocketAddress(address.address, address.port)}`,
    replaceApp(next) {
      served = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

async function serveRequest(req: IncomingMessage, res: ServerResponse, app: ServedApp, options: ListenerOptions): Promise<void> {
  const headers = stripForbiddenHeaders(headerPairs(req.rawHeaders));
  const target = parseRequestTarget(req.url ?? '/');

  const wellKnown = target.path.startsWith(WELL_KNOWN_PREFIX) ? target.path.slice(WELL_KNOWN_PREFIX.length) : undefined;
  if (wellKnown !== undefined) return serveWellKnown(wellKnown, req.method ?? 'GET', res, app.appInfo);

  let match: RouteMatch | undefined;
  try {
    match = app.router.route(target.path);
  } catch (error) {
    // Spin's router panics here; the connection dies without a response.
    return drop(req, options, `Routing ${target.path} failed`, undefined, error);
  }
  // Spin answers an unmatched path with an empty 404.
  if (match === undefined) return writeWholeBody(res, req.method ?? 'GET', 404, [], new Uint8Array());
  const owner = match.component ?? match.staticTrigger;

  // `set_req_uri`: the authority comes from `Host` or the request target, and the two
  // must agree. Without one (say, a `Host` stripped as a chaining host) Spin fails the
  // request and hyper closes the connection.
  const host = headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  if (host === undefined && target.authority === undefined) {
    return drop(req, options, "no 'Host' header present in request", owner);
  }
  if (host !== undefined && target.authority !== undefined && host.toLowerCase() !== target.authority.toLowerCase()) {
    return drop(req, options, "authority in 'Host' header does not match authority in URI", owner);
  }

  const clientAddr = formatSocketAddress(req.socket.remoteAddress ?? '0.0.0.0', req.socket.remotePort ?? 0);
  const request: RoutedRequest = {
    method: req.method ?? 'GET',
    pathWithQuery: target.pathWithQuery,
    scheme: 'http',
    authority: host ?? target.authority ?? '',
    headers: prepareRequestHeaders(headers, {
      match,
      scheme: 'http',
      pathWithQuery: target.pathWithQuery,
      clientAddr,
    }),
    body: hasBody(req) ? req : new Uint8Array(),
    route: match,
    clientAddr,
  };

  let response: Response<Uint8Array | ByteQueue>;
  try {
    response = await app.handle(request);
  } catch (error) {
    if (error instanceof InboundError && error.outcome === 'dropped') return drop(req, options, error.message, owner, error);
    // `respond_wasm_component`: any failure becomes an empty 500.
    options.onError?.(
      new InboundError(`Error processing request: ${String(error)}`, { path: target.path, component: owner, outcome: 'internal-error' }, { cause: error }),
    );
    return writeWholeBody(res, request.method, 500, [], new Uint8Array());
  }
  const delivery = new ResponseDelivery(res, response.onDelivered);
  try {
    if (response.body instanceof Uint8Array) return writeWholeBody(res, request.method, response.status, response.headers, response.body);
    res.writeHead(response.status, response.headers.flat());
  } catch (error) {
    // A head hyper cannot encode fails Spin's service: the connection closes without a response.
    delivery.closeByServer();
    return drop(req, options, `Error serving HTTP connection: ${String(error)}`, owner, error);
  }
  writeArrivingBody(response.body, res, delivery);
}


/** `HttpServer::handle`: `health` says OK, `info` describes the app, anything else is a 404. */
function serveWellKnown(name: string, method: string, res: ServerResponse, appInfo: AppInfo | undefined): void {
  if (name === 'health') return writeWholeBody(res, method, 200, [], new TextEncoder().encode('OK'));
  if (name === 'info') {
    const info = { name: appInfo?.name ?? '', version: appInfo?.version, oci_image_digest: appInfo?.oci_image_digest };
    return writeWholeBody(res, method, 200, [['content-type', 'application/json']], new TextEncoder().encode(JSON.stringify(info, null, 2)));
  }
  writeWholeBody(res, method, 404, [], new Uint8Array());
}

function drop(req: IncomingMessage, options: ListenerOptions, reason: string, component: string | undefined, cause?: unknown): void {
  options.onError?.(new InboundError(reason, { path: req.url ?? '', component, outcome: 'dropped' }, { cause }));
  req.socket.destroy();
}

function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

/** Whether a body follows the head (RFC 9112 §6.3); if so, the component reads it as it arrives. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** `HttpServer::serve` / `search_for_free_port`, with Spin's messages. */
async function bind(server: Server, listen: string, findFreePort: boolean): Promise<ResolvedListenAddress> {
  const wanted = await resolveListenAddress(listen);
  const attempts = findFreePort ? MAX_RETRIES : 1;
  let port = wanted.port;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (findFreePort && port === 65535) {
      throw new ListenError(
        "Couldn't find a free port as we've reached the maximum port number. Consider retrying with a lower base port.",
        listen,
      );
    }
    const display = formatSocketAddress(wanted.address, port);
    try {
      await listenOnce(server, wanted.address, port);
      const bound = server.address();
      if (bound === null || typeof bound === 'string') throw new ListenError(`Unable to listen on ${display}`, listen);
      return { address: bound.address, family: bound.family === 'IPv6' ? 6 : 4, port: bound.port };
    } catch (error) {
      if (error instanceof ListenError) throw error;
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (inUse && findFreePort) {
        port++;
        continue;
      }
      // Spin suggests its --find-free-port here; Spinscope's flag for the address is --listen.
      const message = inUse
        ? `${display} is already in use. Stop what is using it, or serve on another address with --listen (e.g. --listen ${formatSocketAddress(wanted.address, 0)} for any free port).`
        : `Unable to listen on ${display}: ${String(error)}`;
      throw new ListenError(message, listen, { cause: error });
    }
  }
  throw new ListenError(
    `Couldn't find a free port in the range ${wanted.port}-${wanted.port + MAX_RETRIES}. Consider retrying with a different base port.`,
    listen,
  );
}

function listenOnce(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, ipv6Only: false });
  });
}
