import { BRIDGE_PATH, TOKEN_PARAMETER } from '../../runtime/api/bridge-protocol.js';
import type { SpinscopeApi, Unsubscribe } from '../../runtime/api/contract.js';
import type { SpinscopeDesktopApi } from '../../runtime/api/desktop.js';
import { WebSocketApi, type ConnectionState } from '../../runtime/bridge-client/websocket-api.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    readonly spinscope?: SpinscopeApi;
    /** The desktop window's extras (paths of dropped folders); absent in a plain browser. */
    readonly spinscopeDesktop?: SpinscopeDesktopApi;
  }
}

/** The API the inspector talks to, and how to follow the state of its transport. */
export interface ConnectedApi {
  readonly api: SpinscopeApi;
  /** Reports the connection state now and on every change; Electron's IPC is always open. */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
}

/** Where this tab keeps the bridge's token between reloads. */
const TOKEN_KEY = 'spinscope-token';

/**
 * Picks the transport: the Electron preload's `window.spinscope` when it exists, else
 * the WebSocket bridge of `spinscope ui` on the page's own host, with its token.
 */
export function connectApi(): ConnectedApi {
  const preloaded = window.spinscope;
  if (preloaded !== undefined) {
    return {
      api: preloaded,
      onConnection: (listener) => {
        listener('open');
        return () => undefined;
      },
    };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const authenticated = `${BRIDGE_PATH}?${new URLSearchParams({ [TOKEN_PARAMETER]: bridgeToken() })}`;
  const api = new WebSocketApi(`${scheme}//${location.host}${authenticated}`, {
    refused: () => fetch(authenticated, { cache: 'no-store' }).then((response) => response.status === 401, () => false),
  });
  return { api, onConnection: (listener) => api.onConnection(listener) };
}

/**
 * The bridge's token: taken from the address `spinscope ui` printed (`/?token=...`), which
 * then leaves the address bar and this history entry, else the one this tab kept. It is
 * kept in the tab's sessionStorage, which is scoped to this origin, port included, and
 * not in a cookie: cookies are shared by every port of 127.0.0.1 (RFC 6265 §8.5), so the
 * app under inspection would receive the token and record it with its request headers.
 */
function bridgeToken(): string {
  const address = new URL(location.href);
  const given = address.searchParams.get(TOKEN_PARAMETER);
  if (given !== null) {
    sessionStorage.setItem(TOKEN_KEY, given);
    address.searchParams.delete(TOKEN_PARAMETER);
    history.replaceState(history.state, '', address);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export type { ConnectionState } from '../../runtime/bridge-client/websocket-api.js';
export { ApiCallError } from '../../runtime/bridge-client/api-call-error.js';
