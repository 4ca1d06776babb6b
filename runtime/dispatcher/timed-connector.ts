/**
 * undici's connector with a stopwatch: when each step of opening a connection ended (the
 * host name resolved, TCP connected, TLS done), kept per socket, and per error for a
 * connection that failed, so a request can say how long its own connection took to open.
 */
import { isIP, type Socket } from 'node:net';
import { buildConnector } from 'undici';

/** When the steps of opening one connection ended, in `performance.now()` milliseconds. */
export interface ConnectionTiming {
  /** Opening began. */
  readonly started: number;
  /** The host is a name to resolve, not an IP address. */
  readonly resolves: boolean;
  /** TLS follows the TCP connect (`https`). */
  readonly secure: boolean;
  lookedUp?: number | undefined;
  connected?: number | undefined;
  secured?: number | undefined;
  /** Set once a request went out on it; any later request reuses it. */
  used: boolean;
}

const bySocket = new WeakMap<Socket, ConnectionTiming>();
// undici hands a connect failure to every request that waited for the connection as this same error object.
const byFailure = new WeakMap<Error, ConnectionTiming>();

/** `buildConnector(options)`, noting when each connection it opens resolved, connected and finished its handshake. */
export function timedConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector(options);
  return (target, callback) => {
    const secure = target.protocol === 'https:';
    const timing: ConnectionTiming = { started: performance.now(), resolves: isIP(target.hostname) === 0, secure, used: false };
    const opened = connect(target, (...result) => {
      if (result[0] !== null) byFailure.set(result[0], timing);
      callback(...result);
    }) as unknown;
    // buildConnector's connector returns the socket it opens (lib/core/connect.js), though its type says void.
    if (!isSocket(opened)) return;
    bySocket.set(opened, timing);
    // Ahead of undici's own listeners: on `connect` (`secureConnect` for https) undici writes the first request at once.
    // A failed lookup leaves `lookedUp` unset: the connection failed resolving.
    opened.prependOnceListener('lookup', (error: Error | null) => {
      if (error === null) timing.lookedUp = performance.now();
    });
    opened.prependOnceListener('connect', () => (timing.connected = performance.now()));
    if (secure) opened.prependOnceListener('secureConnect', () => (timing.secured = performance.now()));
  };
}

/** How the connection on `socket` was opened, if a {@link timedConnector} opened it. */
export function connectionTimingOf(socket: Socket): ConnectionTiming | undefined {
  return bySocket.get(socket);
}

/** How far the connection whose failure `error` is got, if a {@link timedConnector} was opening it. */
export function failedConnectionOf(error: Error): ConnectionTiming | undefined {
  return byFailure.get(error);
}

function isSocket(value: unknown): value is Socket {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Socket>).once === 'function';
}
