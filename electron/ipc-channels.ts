/**
 * The IPC channels between main and preload, as types. The sandboxed preload
 * cannot import this module at run time, so it repeats the names and checks
 * them against these types at compile time.
 */
import type { AppProblem, AppStatus, EventBatch, SpinscopeApiMethod } from '../runtime/api/contract.js';

/** Every IPC channel of ours starts with this; main ignores any other. */
export const CHANNEL_PREFIX = 'spinscope:';

/** Contract methods that are request/response calls (`ipcRenderer.invoke`). */
export type InvokedMethod = Exclude<SpinscopeApiMethod, 'onEvents' | 'onStatus'>;

/** One `ipcMain.handle` channel per invoked method. */
export type InvokeChannel = `spinscope:${InvokedMethod}`;

/** What main pushes with `webContents.send`, by channel. */
export interface PushPayloads {
  'spinscope:events': EventBatch;
  'spinscope:status': AppStatus;
}

/** A channel main pushes on. */
export type PushChannel = keyof PushPayloads;

/** The preload says this once the renderer listens; main holds pushes until then. */
export type ReadyChannel = 'spinscope:ready';

/**
 * How an invoked call answers. Electron keeps only the message of an Error
 * thrown in a handler, so failures travel as data and the preload rejects
 * with the `AppProblem` itself, as the WebSocket bridge does.
 */
export type InvokeReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: AppProblem };
