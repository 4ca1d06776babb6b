/**
 * Binds the `SpinscopeApi` contract to IPC: one `ipcMain.handle` channel per
 * call of the contract's method table, each checking that the sender is our
 * window's main frame showing our renderer and handing the call to `callApi`
 * (the WebSocket bridge's dispatch, which checks the arguments first), and the
 * session's pushes sent to the window through a `PushQueue` that follows the
 * page. No logic of its own: every call goes to the `ProjectSession`, but the
 * folder picker only the desktop has.
 */
import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, CALL_METHODS, PUSH_METHODS, SPINSCOPE_API_VERSION, type DesktopOnlyMethod, type PushMethod, type SpinscopeApi, type Unsubscribe } from '../runtime/api/contract.js';
import { appProblemOf, callApi, type ApiCalls } from '../runtime/index.js';
import { followRenderer } from './follow-renderer.js';
import type { InvokeChannel, InvokeReply, MethodsChannel, PreloadMethods, PushChannelOf, PushPayloads, ReadyChannel } from './ipc-channels.js';
import { PushQueue } from './push-queue.js';
import { isTrustedSender } from './security-policy.js';

/** What the window's IPC needs: Electron's `ipcMain`, the session, and the desktop's folder picker. */
export interface IpcBinding {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'off'>;
  /** Answers every call but the desktop's own. */
  readonly session: SpinscopeApi;
  /** The window, after `createMainWindow` installed its navigation guards. */
  readonly window: BrowserWindow;
  /** Shows the folder dialog; undefined when the developer cancels. */
  readonly pickFolder: () => Promise<string | undefined>;
}

/** What main answers the preload on `spinscope:methods`: every method of the contract's table. */
export const PRELOAD_METHODS: PreloadMethods = {
  version: SPINSCOPE_API_VERSION,
  calls: CALL_METHODS,
  pushes: Object.fromEntries(PUSH_METHODS.map((method) => [method, pushChannel(method)])) as PreloadMethods['pushes'],
};

/** Binds every contract method and the pushes; returns the function that unbinds them. */
export function bindIpc({ ipcMain, session, window, pickFolder }: IpcBinding): () => void {
  const { webContents } = window;
  const queue = new PushQueue((channel, payload) => {
    if (!webContents.isDestroyed()) webContents.send(channel, payload);
  });
  const desktop: Required<Pick<SpinscopeApi, DesktopOnlyMethod>> = {
    pickProject: async () => {
      const folder = await pickFolder();
      return folder === undefined ? undefined : session.openProject(folder);
    },
  };
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => isTrustedSender(event.senderFrame, webContents.mainFrame);

  const channels = CALL_METHODS.map((method) => {
    const channel: InvokeChannel = `spinscope:${method}`;
    const target: ApiCalls = 'desktopOnly' in API_METHODS[method] ? desktop : session;
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<InvokeReply> => {
      if (!trusted(event)) throw new Error(`Spinscope refused ${channel} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
      try {
        return { ok: true, value: await callApi(target, method, args) };
      } catch (error) {
        return { ok: false, problem: appProblemOf(error) };
      }
    });
    return channel;
  });

  // The preload asks while it loads, when `senderFrame` may still be the previous document's
  // (valid only once the preload has run: electron/electron#33575), so this checks the
  // sending window; the answer is the contract's method list, public and the same every time.
  const methods: MethodsChannel = 'spinscope:methods';
  const onMethods = (event: IpcMainEvent): void => {
    event.returnValue = event.sender === webContents ? PRELOAD_METHODS : null;
  };
  ipcMain.on(methods, onMethods);

  const ready: ReadyChannel = 'spinscope:ready';
  const onReady = (event: IpcMainEvent, ...args: unknown[]): void => {
    if (trusted(event) && args.length === 0) queue.ready();
  };
  ipcMain.on(ready, onReady);
  const stopFollowing = followRenderer(webContents, queue);

  const stopPushes = PUSH_METHODS.map((method) => listen(session, method, (payload) => queue.push(pushChannel(method), payload)));

  return () => {
    for (const stop of stopPushes) stop();
    for (const channel of channels) ipcMain.removeHandler(channel);
    ipcMain.off(methods, onMethods);
    ipcMain.off(ready, onReady);
    if (!webContents.isDestroyed()) stopFollowing();
  };
}

function pushChannel<M extends PushMethod>(method: M): PushChannelOf<M> {
  return `spinscope:${API_METHODS[method].pushes}`;
}

/** Subscribes `listener` with the session's listener method `method`. */
function listen<M extends PushMethod>(session: SpinscopeApi, method: M, listener: (payload: PushPayloads[PushChannelOf<M>]) => void): Unsubscribe {
  return (session[method] as (listener: (payload: PushPayloads[PushChannelOf<M>]) => void) => Unsubscribe).call(session, listener);
}
