import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { BRIDGE_PATH, TOKEN_PARAMETER } from '../api/bridge-protocol.js';
import type { SpinscopeApi } from '../api/contract.js';
import { PACKAGE_ROOT } from '../session/index.js';
import { BridgeError } from './bridge-error.js';
import { serveConnection } from './bridge-connection.js';
import { carriesToken, newBridgeToken, tokenProblem } from './bridge-token.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { serveStatic } from './static-files.js';

/** The port `spinscope ui` serves the inspector on unless told otherwise. */
export const DEFAULT_BRIDGE_PORT = 3210;

/** Client messages are calls and subscriptions, a few hundred bytes; anything far larger is not ours. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** What the bridge serves. */
export interface BridgeOptions {
  /** The API to serve, usually a `ProjectSession`. */
  readonly session: SpinscopeApi;
  /** Port on 127.0.0.1; default {@link DEFAULT_BRIDGE_PORT}, 0 for any free port. */
  readonly port?: number;
  /** The built renderer; default `dist/renderer` in the Spinscope package. */
  readonly rendererDir?: string;
  /** The token every API request must carry (see {@link tokenProblem}); a fresh random one by default. */
  readonly token?: string;
}

/** A running bridge. */
export interface Bridge {
  /** The bridge's origin, e.g. `http://127.0.0.1:3210`. */
  readonly url: string;
  readonly port: number;
  /** The token API requests must carry. */
  readonly token: string;
  /** Where to point a browser: the origin with the token, e.g. `http://127.0.0.1:3210/?token=...`. */
  readonly openUrl: string;
  /** Closes every connection and stops listening; the session stays open. */
  close(): Promise<void>;
}

/**
 * Serves the inspector to a plain browser: the built renderer's files under a strict
 * CSP, and `SpinscopeApi` over a WebSocket at {@link BRIDGE_PATH}, on 127.0.0.1 only.
 *
 * Any web page the developer visits and any local process can reach 127.0.0.1, and the
 * API can open any project on disk (whose `build.command` `--watch` runs), so every
 * request must name this server: a `Host` other than `127.0.0.1:<port>` is refused (DNS
 * rebinding), a WebSocket whose `Origin` is not this server's own is refused (cross-site
 * WebSocket hijacking), and a request to the API without the token is refused with 401
 * before anything runs, as Jupyter's server does. The renderer's files are served without
 * the token: they are the package's build output and carry no project data.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const rendererDir = options.rendererDir ?? join(PACKAGE_ROOT, 'dist/renderer');
  const token = options.token ?? newBridgeToken();
  const problem = tokenProblem(token);
  if (problem !== undefined) throw new BridgeError(`the bridge token ${problem}`);
  let origin = '';
  let headers: Record<string, string> = {};
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('connection', (socket) => serveConnection(socket, options.session));

  const server = createServer((request, response) => {
    if (!hasOwnHost(request, origin)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Forbidden: this inspector answers only to ${origin}\n`);
      return;
    }
    if (pathOf(request) === BRIDGE_PATH) {
      answerPlainApiRequest(request, response, token);
      return;
    }
    serveStatic(request, response, rendererDir, headers).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request, origin, token);
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(refusal)}\r\n\r\n${refusal}`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
  });

  const port = await listen(server, options.port ?? DEFAULT_BRIDGE_PORT);
  origin = `http://127.0.0.1:${port}`;
  headers = {
    'Content-Security-Policy': contentSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
  return {
    url: origin,
    port,
    token,
    openUrl: `${origin}/?${TOKEN_PARAMETER}=${token}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}

function hasOwnHost(request: IncomingMessage, origin: string): boolean {
  return `http://${request.headers.host ?? ''}` === origin;
}

/** The path a request names, or undefined for a target that does not parse (`GET http://[`), which names nothing here. */
function pathOf(request: IncomingMessage): string | undefined {
  return URL.parse(request.url ?? '/', 'http://127.0.0.1')?.pathname;
}

/** The status line refusing an upgrade, or undefined to accept it. */
function upgradeRefusal(request: IncomingMessage, origin: string, token: string): string | undefined {
  if (!hasOwnHost(request, origin)) return '403 Forbidden';
  if (request.headers.origin !== origin) return '403 Forbidden';
  if (pathOf(request) !== BRIDGE_PATH) return '404 Not Found';
  if (!carriesToken(request, token)) return '401 Unauthorized';
  return undefined;
}

/**
 * The API path without an upgrade: 401 without the token, else 426. The renderer asks
 * here after a WebSocket fails to open, since a browser's WebSocket cannot tell a refused
 * token from a bridge that is down.
 */
function answerPlainApiRequest(request: IncomingMessage, response: ServerResponse, token: string): void {
  if (!carriesToken(request, token)) {
    response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unauthorized: open the address spinscope ui printed, with its ?token=\n');
  } else {
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' }).end('Upgrade Required: the API speaks WebSocket\n');
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use; pick another port (--port N), or 0 for any free one' : `cannot be bound: ${error.message}`;
      reject(new BridgeError(`cannot serve the inspector: 127.0.0.1:${port} ${reason}`, { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
