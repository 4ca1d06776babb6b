/**
 * Binds the `SpinscopeApi` contract to IPC: one `ipcMain.handle` channel per
 * call, each checking that the sender is our window's main frame showing our
 * renderer and that the arguments pass the bridge's rules, and the session's
 * events and status pushed to the window through a `PushQueue` that follows the
 * page. No logic of its own: every call goes to the `ProjectSession`.
 */
import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { AppStatus, SpinscopeApi } from '../runtime/api/contract.js';
import { appProblemOf, CALLABLE_METHODS, callArgumentsProblem, UsageError, type CallableMethod } from '../runtime/index.js';
import { followRenderer } from './follow-renderer.js';
import type { InvokeChannel, InvokedMethod, InvokeReply, ReadyChannel } from './ipc-channels.js';
import { PushQueue } from './push-queue.js';
import { isTrustedSender } from './security-policy.js';

/** What the window's IPC needs: Electron's `ipcMain`, the session, and the desktop's folder picker. */
export interface IpcBinding {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'off'>;
  /** Every method the renderer may call, the optional `discardSessionChanges` included. */
  readonly session: SpinscopeApi & Required<Pick<SpinscopeApi, 'discardSessionChanges'>>;
  /** The window, after `createMainWindow` installed its navigation guards. */
  readonly window: BrowserWindow;
  /** Shows the folder dialog; undefined when the developer cancels. */
  readonly pickFolder: () => Promise<string | undefined>;
}

type Call = (...args: unknown[]) => Promise<unknown>;

/** Binds every contract method and the pushes; returns the function that unbinds them. */
export function bindIpc({ ipcMain, session, window, pickFolder }: IpcBinding): () => void {
  const { webContents } = window;
  const queue = new PushQueue((channel, payload) => {
    if (!webContents.isDestroyed()) webContents.send(channel, payload);
  });
  const calls: Record<InvokedMethod, Call> = {
    ...contractCalls(session),
    pickProject: async (...args): Promise<AppStatus | undefined> => {
      if (args.length > 0) throw new UsageError(NO_ARGUMENTS);
      const folder = await pickFolder();
      return folder === undefined ? undefined : session.openProject(folder);
    },
  };
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => isTrustedSender(event.senderFrame, webContents.mainFrame);

  const channels = Object.entries(calls).map(([method, call]) => {
    const channel = `spinscope:${method}` as InvokeChannel;
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<InvokeReply> => {
      if (!trusted(event)) throw new Error(`Spinscope refused ${channel} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
      try {
        return { ok: true, value: await call(...args) };
      } catch (error) {
        return { ok: false, problem: appProblemOf(error) };
      }
    });
    return channel;
  });

  const ready: ReadyChannel = 'spinscope:ready';
  const onReady = (event: IpcMainEvent, ...args: unknown[]): void => {
    if (trusted(event) && args.length === 0) queue.ready();
  };
  ipcMain.on(ready, onReady);
  const stopFollowing = followRenderer(webContents, queue);

  const stopEvents = session.onEvents((batch) => queue.push('spinscope:events', batch));
  const stopStatus = session.onStatus((status) => queue.push('spinscope:status', status));

  return () => {
    stopEvents();
    stopStatus();
    for (const channel of channels) ipcMain.removeHandler(channel);
    ipcMain.off(ready, onReady);
    if (!webContents.isDestroyed()) stopFollowing();
  };
}

/** The bridge's words for a no-argument method given some (`callArgumentsProblem`). */
const NO_ARGUMENTS = 'this method takes no arguments';

/**
 * Every method the browser bridge serves, bound to the session: the arguments are checked
 * with the bridge's rules first, so both transports accept exactly the same calls.
 */
function contractCalls(session: IpcBinding['session']): Record<CallableMethod, Call> {
  const call = (method: CallableMethod) => async (...args: unknown[]) => {
    const problem = callArgumentsProblem(method, args);
    if (problem !== undefined) throw new UsageError(problem);
    return (session[method] as Call).call(session, ...args);
  };
  return Object.fromEntries(CALLABLE_METHODS.map((method) => [method, call(method)])) as Record<CallableMethod, Call>;
}
