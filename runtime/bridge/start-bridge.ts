import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { BRIDGE_PATH } from '../api/bridge-protocol.js';
import { PACKAGE_ROOT } from '../session/index.js';
import { BridgeError } from './bridge-error.js';
import { serveConnection, type ServedApi } from './bridge-connection.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { serveStatic } from './static-files.js';

/** The port `spinscope ui` serves the inspector on unless told otherwise. */
export const DEFAULT_BRIDGE_PORT = 3210;

/** Client messages are calls and subscriptions, a few hundred bytes; anything far larger is not ours. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** What the bridge serves. */
export interface BridgeOptions {
  /** The API to serve, usually a `ProjectSession`; it must implement the optional `discardSessionChanges`. */
  readonly session: ServedApi;
  /** Port on 127.0.0.1; default {@link DEFAULT_BRIDGE_PORT}, 0 for any free port. */
  readonly port?: number;
  /** The built renderer; default `dist/renderer` in the Spinscope package. */
  readonly rendererDir?: string;
}

/** A running bridge. */
export interface Bridge {
  /** Where to point a browser, e.g. `http://127.0.0.1:3210`. */
  readonly url: string;
  readonly port: number;
  /** Closes every connection and stops listening; the session stays open. */
  close(): Promise<void>;
}

/**
 * Serves the inspector to a plain browser: the built renderer's files under a strict
 * CSP, and `SpinscopeApi` over a WebSocket at {@link BRIDGE_PATH}, on 127.0.0.1 only.
 *
 * Any web page the developer visits can reach 127.0.0.1, so every request must name
 * this server: a `Host` other than `127.0.0.1:<port>` is refused (DNS rebinding), and a
 * WebSocket whose `Origin` is not this server's own is refused (cross-site WebSocket
 * hijacking: the API can open any project on disk).
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const rendererDir = options.rendererDir ?? join(PACKAGE_ROOT, 'dist/renderer');
  let origin = '';
  let headers: Record<string, string> = {};
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('connection', (socket) => serveConnection(socket, options.session));

  const server = createServer((request, response) => {
    if (!hasOwnHost(request, origin)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Forbidden: this inspector answers only to ${origin}\n`);
      return;
    }
    serveStatic(request, response, rendererDir, headers).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request, origin);
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

/** The status line refusing an upgrade, or undefined to accept it. */
function upgradeRefusal(request: IncomingMessage, origin: string): string | undefined {
  if (!hasOwnHost(request, origin)) return '403 Forbidden';
  if (request.headers.origin !== origin) return '403 Forbidden';
  if (new URL(request.url ?? '/', origin).pathname !== BRIDGE_PATH) return '404 Not Found';
  return undefined;
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
