/**
 * The main window and its guards: isolated, sandboxed, no Node.js, the web's
 * same-origin rules, nothing experimental; it shows only our renderer, never
 * navigates or opens windows elsewhere, attaches no <webview>, and is granted
 * no permission (camera, notifications, ...). Electron's security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 *
 * The options are written out at the `new BrowserWindow` call so scanners such
 * as Electronegativity see them, and `BrowserWindow` is passed in so a test can
 * record exactly what this module hands to Electron.
 */
import type { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin.js';

/** Where `BrowserWindow` comes from: the `electron` module in the app. */
export interface WindowFactory {
  readonly BrowserWindow: typeof ElectronBrowserWindow;
}

/** Creates the window, locks it down and loads the renderer; it shows once painted. */
export function createMainWindow({ BrowserWindow }: WindowFactory, preloadPath: string): ElectronBrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Spinscope',
    show: false,
    webPreferences: {
      preload: preloadPath,
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
    },
  });
  const { webContents } = window;

  // Links and drops must not take the window away from our renderer, in any frame.
  webContents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  webContents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  webContents.on('will-attach-webview', (event) => event.preventDefault());

  // The inspector needs no browser permission; deny requests and checks alike.
  webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  webContents.session.setPermissionCheckHandler(() => false);

  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error(`Spinscope could not load its window from ${APP_ENTRY_URL}:`, error);
  });
  return window;
}
