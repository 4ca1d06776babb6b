/**
 * The IPC channels between main and preload, as types. The sandboxed preload
 * cannot import runtime code, so it learns the contract's methods from main
 * (`spinscope:methods`) and checks what it does with them against these types.
 */
import type { AppProblem, CallMethod, PushMethod, PushTopic, SpinscopeApi } from '../runtime/api/contract.js';

/** Every IPC channel of ours starts with this; main ignores any other. */
export const CHANNEL_PREFIX = 'spinscope:';

/** Contract methods that are request/response calls (`ipcRenderer.invoke`). */
export type InvokedMethod = CallMethod;

/** One `ipcMain.handle` channel per invoked method. */
export type InvokeChannel = `spinscope:${InvokedMethod}`;

/** The channel a listener method's pushes arrive on. */
export type PushChannelOf<M extends PushMethod> = `spinscope:${PushTopic<M>}`;

/** What main pushes with `webContents.send`, by channel: what the listener method's listener receives. */
export type PushPayloads = { [M in PushMethod as PushChannelOf<M>]: Parameters<Parameters<SpinscopeApi[M]>[0]>[0] };

/** A channel main pushes on. */
export type PushChannel = keyof PushPayloads;

/** The preload says this once the renderer listens; main holds pushes until then. */
export type ReadyChannel = 'spinscope:ready';

/** The preload asks this once, synchronously, as it loads; main answers with {@link PreloadMethods}. */
export type MethodsChannel = 'spinscope:methods';

/** What the preload exposes as `window.spinscope`, from the contract's method table. */
export interface PreloadMethods {
  readonly version: SpinscopeApi['version'];
  /** Each is invoked on its own `spinscope:<method>` channel. */
  readonly calls: readonly InvokedMethod[];
  /** Each listener method, and the channel its pushes arrive on. */
  readonly pushes: { readonly [M in PushMethod]: PushChannelOf<M> };
}

/**
 * How an invoked call answers. Electron keeps only the message of an Error
 * thrown in a handler, so failures travel as data and the preload rejects
 * with the `AppProblem` itself, as the WebSocket bridge does.
 */
export type InvokeReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: AppProblem };
