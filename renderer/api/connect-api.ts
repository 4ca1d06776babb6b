import { BRIDGE_PATH } from '../../runtime/api/bridge-protocol.js';
import type { SpinscopeApi, Unsubscribe } from '../../runtime/api/contract.js';
import type { SpinscopeDesktopApi } from '../../runtime/api/desktop.js';
import { WebSocketApi, type ConnectionState } from './websocket-api.js';

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

/**
 * Picks the transport: the Electron preload's `window.spinscope` when it exists, else
 * the WebSocket bridge of `spinscope ui` on the page's own host.
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
  const api = new WebSocketApi(`${scheme}//${location.host}${BRIDGE_PATH}`);
  return { api, onConnection: (listener) => api.onConnection(listener) };
}

export type { ConnectionState } from './websocket-api.js';
export { ApiCallError } from './api-call-error.js';
