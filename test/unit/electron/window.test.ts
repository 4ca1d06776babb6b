import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../../electron/app-origin.js';
import { createMainWindow } from '../../../electron/window.js';

type Listener = (...args: never[]) => unknown;

/** Stands in for Electron's BrowserWindow (the binary cannot run here): records what the window module does. */
class RecordingWindow {
  static created: RecordingWindow[] = [];
  readonly listeners = new Map<string, Listener>();
  windowOpenHandler: Listener | undefined;
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  loaded: string | undefined;
  readonly webContents = {
    on: (event: string, listener: Listener) => void this.listeners.set(event, listener),
    setWindowOpenHandler: (handler: Listener) => void (this.windowOpenHandler = handler),
    session: {
      setPermissionRequestHandler: (handler: Listener) => void (this.permissionRequestHandler = handler),
      setPermissionCheckHandler: (handler: Listener) => void (this.permissionCheckHandler = handler),
    },
  };

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    RecordingWindow.created.push(this);
  }

  once(): void {}

  async loadURL(url: string): Promise<void> {
    this.loaded = url;
  }
}

function openWindow(): RecordingWindow {
  createMainWindow({ BrowserWindow: RecordingWindow as unknown as typeof BrowserWindow }, '/app/dist/electron/preload.cjs');
  const window = RecordingWindow.created.at(-1);
  if (window === undefined) throw new Error('no window was created');
  return window;
}

/** Runs a navigation listener and tells whether it blocked the navigation. */
function blocks(listener: Listener | undefined, url: string): boolean {
  let prevented = false;
  (listener as (event: { url: string; preventDefault(): void }) => void)({ url, preventDefault: () => void (prevented = true) });
  return prevented;
}

describe('the main window', () => {
  it('is isolated, sandboxed, without Node.js, with web security, and has only our preload', () => {
    expect(openWindow().options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
  });

  it('loads our renderer from the app: origin', () => {
    expect(openWindow().loaded).toBe(APP_ENTRY_URL);
  });

  it('blocks navigations and redirects away from our renderer, in any frame', () => {
    const window = openWindow();
    for (const event of ['will-frame-navigate', 'will-redirect']) {
      expect(blocks(window.listeners.get(event), 'https://example.com/')).toBe(true);
      expect(blocks(window.listeners.get(event), 'file:///etc/passwd')).toBe(true);
      expect(blocks(window.listeners.get(event), 'app://other/index.html')).toBe(true);
      expect(blocks(window.listeners.get(event), 'app://spinscope/index.html')).toBe(false);
    }
  });

  it('denies new windows, <webview> tags and every permission', () => {
    const window = openWindow();
    expect(window.windowOpenHandler?.()).toEqual({ action: 'deny' });
    expect(blocks(window.listeners.get('will-attach-webview'), 'app://spinscope/')).toBe(true);
    let granted: boolean | undefined;
    (window.permissionRequestHandler as (...args: unknown[]) => void)({}, 'media', (allow: boolean) => (granted = allow));
    expect(granted).toBe(false);
    expect((window.permissionCheckHandler as () => boolean)()).toBe(false);
  });
});
