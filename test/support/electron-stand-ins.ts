/**
 * Tiny stand-ins for the Electron objects the window and IPC modules talk to (the
 * Electron binary cannot run here). Events go through a real EventEmitter, so
 * listeners run in registration order as Electron's do, and `electronEvent` builds
 * the `Electron.Event` they receive (`preventDefault`, `defaultPrevented`).
 */
import type { BrowserWindow, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { EventEmitter } from 'node:events';
import type { IpcBinding } from '../../electron/ipc.js';
import type { InvokeReply } from '../../electron/ipc-channels.js';

type Handler = (...args: never[]) => unknown;

/** An `Electron.Event` with `params`, as main-process listeners get it. */
export function electronEvent<P extends object>(params: P): P & { preventDefault(): void; readonly defaultPrevented: boolean } {
  let prevented = false;
  return {
    ...params,
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented;
    },
  };
}

/** Stands in for `webContents`: an EventEmitter that records what is sent and which handlers are set. */
export class StandInWebContents extends EventEmitter {
  readonly mainFrame = { url: 'app://spinscope/index.html' };
  readonly sent: [string, unknown][] = [];
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  permissionRequestHandler: Handler | undefined;
  permissionCheckHandler: Handler | undefined;
  readonly session = {
    setPermissionRequestHandler: (handler: Handler) => void (this.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: Handler) => void (this.permissionCheckHandler = handler),
  };

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/**
 * Stands in for `BrowserWindow`: records its options and every `loadURL`, whose
 * outcome the test decides with `settleLoad` (Electron settles it when the page
 * loads, fails, or another navigation replaces it).
 */
export class StandInWindow extends EventEmitter {
  static created: StandInWindow[] = [];
  readonly webContents = new StandInWebContents();
  readonly loads: { url: string; resolve(): void; reject(error: unknown): void }[] = [];
  destroyed = false;
  shown = false;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    StandInWindow.created.push(this);
  }

  loadURL(url: string): Promise<void> {
    return new Promise((resolve, reject) => this.loads.push({ url, resolve, reject }));
  }

  show(): void {
    this.shown = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** As `BrowserWindow` for the module under test. */
  static get asElectron(): typeof BrowserWindow {
    return StandInWindow as unknown as typeof BrowserWindow;
  }
}

/** Stands in for `ipcMain`: keeps the handlers, and lets a test invoke or send as a frame would. */
export class StandInIpcMain {
  readonly handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<InvokeReply>>();
  readonly listeners = new Map<string, (event: IpcMainEvent, ...args: unknown[]) => void>();

  handle(channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<InvokeReply>): void {
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): this {
    this.listeners.set(channel, listener);
    return this;
  }

  off(channel: string): this {
    this.listeners.delete(channel);
    return this;
  }

  /** Calls the handler of `channel` as `ipcRenderer.invoke` from `senderFrame` would. */
  invoke(channel: string, args: unknown[], senderFrame: { url: string } | null): Promise<InvokeReply> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`nothing handles ${channel}`);
    return handler({ senderFrame } as unknown as IpcMainInvokeEvent, ...args);
  }

  /** Delivers `ipcRenderer.send(channel, ...args)` from `senderFrame`. */
  send(channel: string, args: unknown[], senderFrame: { url: string } | null): void {
    this.listeners.get(channel)?.({ senderFrame } as unknown as IpcMainEvent, ...args);
  }

  /** Delivers `ipcRenderer.sendSync(channel)` from the preload of `sender` (a `webContents`) and returns the answer. */
  sendSync(channel: string, sender: object): unknown {
    const event = { sender, returnValue: undefined as unknown };
    this.listeners.get(channel)?.(event as unknown as IpcMainEvent);
    return event.returnValue;
  }

  get asElectron(): IpcBinding['ipcMain'] {
    return this as unknown as IpcBinding['ipcMain'];
  }
}
