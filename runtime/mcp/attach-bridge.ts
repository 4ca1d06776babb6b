import { WebSocket } from 'ws';
import { BRIDGE_PATH, TOKEN_PARAMETER } from '../api/bridge-protocol.js';
import { BridgeError } from '../bridge/bridge-error.js';
import { WebSocketApi, type BridgeSocket, type ConnectionState } from '../bridge-client/websocket-api.js';

/** How long attaching waits for the bridge to answer before giving up. */
const ATTACH_TIMEOUT_MS = 10_000;

/**
 * Connects to the WebSocket bridge of a running `spinscope ui` at `address` (the address it
 * printed, e.g. `http://127.0.0.1:3210/?token=...`, or its origin) with `token` (else the
 * address's own), as the renderer's client, and resolves once it is open. Rejects with a
 * BridgeError that says what to do when the token is refused or nothing answers.
 */
export async function attachBridge(address: string, token: string | undefined): Promise<WebSocketApi> {
  const { origin, socketUrl, plainUrl } = bridgeAddresses(address, token);
  const api = new WebSocketApi(socketUrl, {
    // The bridge accepts an upgrade only from its own origin, as a browser tab of it would send.
    createSocket: (url) => new WebSocket(url, { headers: { origin } }) as unknown as BridgeSocket,
    refused: () => fetch(plainUrl).then((response) => response.status === 401, () => false),
  });
  const state = await firstSettledState(api);
  if (state === 'open') return api;
  api.close();
  if (state === 'unauthorized') {
    throw new BridgeError(`spinscope ui at ${origin} refused the token: give the one in the address it printed (${origin}/?token=...), as --attach with that address, --token TOKEN or SPINSCOPE_TOKEN`);
  }
  throw new BridgeError(`spinscope ui does not answer at ${origin} (waited ${ATTACH_TIMEOUT_MS / 1000} s): start it (spinscope ui) or give the address it printed`);
}

function bridgeAddresses(address: string, token: string | undefined): { origin: string; socketUrl: string; plainUrl: string } {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new BridgeError(`--attach takes the address spinscope ui printed, e.g. http://127.0.0.1:3210/?token=..., not ${JSON.stringify(address)}`);
  }
  if (url.protocol !== 'http:') throw new BridgeError(`--attach takes the http:// address spinscope ui printed, not ${JSON.stringify(address)}`);
  const chosen = token ?? url.searchParams.get(TOKEN_PARAMETER) ?? '';
  if (chosen === '') throw new BridgeError(`attaching to ${url.origin} needs the token of spinscope ui: the address it printed carries it (?token=...); or give --token TOKEN or SPINSCOPE_TOKEN`);
  const query = new URLSearchParams({ [TOKEN_PARAMETER]: chosen });
  return { origin: url.origin, socketUrl: `ws://${url.host}${BRIDGE_PATH}?${query}`, plainUrl: `${url.origin}${BRIDGE_PATH}?${query}` };
}

/** The first state that decides whether attaching worked: open, unauthorized, or (after the timeout) still connecting. */
function firstSettledState(api: WebSocketApi): Promise<ConnectionState> {
  return new Promise((resolve) => {
    let finished = false;
    const done = (state: ConnectionState): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // onConnection reports the current state before it returns the way to stop listening.
      queueMicrotask(() => stop());
      resolve(state);
    };
    const timer = setTimeout(() => done('connecting'), ATTACH_TIMEOUT_MS);
    const stop = api.onConnection((state) => {
      if (state === 'open' || state === 'unauthorized') done(state);
    });
  });
}
