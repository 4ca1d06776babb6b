/**
 * The preload of the sandboxed renderer: exposes `window.spinscope`, the
 * `SpinscopeApi` contract over IPC, and `window.spinscopeDesktop`, the desktop
 * extras. A sandboxed preload can `require('electron')` and nothing local, so
 * this file is self-contained (types come in with `import type` only) and knows
 * no method by name: it asks main, once and synchronously as it loads, which
 * methods the contract has (main reads them from the contract's method table),
 * so `window.spinscope` is complete before the page's scripts run.
 *
 * Pushed messages: the first subscription tells main the renderer is ready
 * (main holds pushes until then), and a push arriving on a channel nobody
 * listens to yet waits here for its first listener. "Ready" goes out before
 * anything held is delivered, and each listener runs on its own: one that
 * throws is reported and stops neither the others nor "ready".
 */
import type { AppProblem, SpinscopeApi } from '../runtime/api/contract.js';
import type { SpinscopeDesktopApi } from '../runtime/api/desktop.js';
import type { InvokeChannel, InvokedMethod, InvokeReply, MethodsChannel, PreloadMethods, PushChannel, ReadyChannel } from './ipc-channels.js';
import electron = require('electron');

const { contextBridge, ipcRenderer, webUtils } = electron;

const METHODS: MethodsChannel = 'spinscope:methods';
const READY: ReadyChannel = 'spinscope:ready';

/** Pushes held for a channel without listeners; the renderer also fetches history, so a cap is safe. */
const MAX_WAITING = 1000;

const listeners = new Map<PushChannel, Set<(payload: never) => void>>();
const waiting = new Map<PushChannel, unknown[]>();
let readySent = false;

function deliver(listener: (payload: never) => void, payload: unknown): void {
  try {
    (listener as (payload: unknown) => void)(payload);
  } catch (error) {
    console.error('Spinscope: a listener of window.spinscope failed:', error);
  }
}

function receive(channel: PushChannel, payload: unknown): void {
  const current = listeners.get(channel);
  if (current !== undefined && current.size > 0) {
    for (const listener of [...current]) deliver(listener, payload);
    return;
  }
  const queue = waiting.get(channel) ?? [];
  queue.push(payload);
  if (queue.length > MAX_WAITING) queue.shift();
  waiting.set(channel, queue);
}

function subscribe(channel: PushChannel, listener: (payload: never) => void): () => void {
  const set = listeners.get(channel) ?? new Set();
  listeners.set(channel, set);
  set.add(listener);
  if (!readySent) {
    readySent = true;
    ipcRenderer.send(READY);
  }
  const held = waiting.get(channel) ?? [];
  waiting.delete(channel);
  for (const payload of held) deliver(listener, payload);
  return () => void set.delete(listener);
}

async function invoke(method: InvokedMethod, args: readonly unknown[]): Promise<never> {
  const channel: InvokeChannel = `spinscope:${method}`;
  const reply = (await ipcRenderer.invoke(channel, ...args)) as InvokeReply;
  if (reply.ok) return reply.value as never;
  // Plain data, as over the WebSocket: the contract rejects with an AppProblem.
  throw reply.problem satisfies AppProblem;
}

const methods = ipcRenderer.sendSync(METHODS) as PreloadMethods;
const pushes: [string, PushChannel][] = Object.entries(methods.pushes);

for (const [, channel] of pushes) ipcRenderer.on(channel, (_event, payload: unknown) => receive(channel, payload));

const api = {
  version: methods.version,
  ...Object.fromEntries(methods.calls.map((method) => [method, (...args: unknown[]) => invoke(method, args)])),
  ...Object.fromEntries(pushes.map(([method, channel]) => [method, (listener: (payload: never) => void) => subscribe(channel, listener)])),
} as SpinscopeApi;

const desktop: SpinscopeDesktopApi = {
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('spinscope', api);
contextBridge.exposeInMainWorld('spinscopeDesktop', desktop);
