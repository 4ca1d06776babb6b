/**
 * The main window and its guards: isolated, sandboxed, no Node.js, the web's
 * same-origin rules, nothing experimental; it shows only our renderer, never
 * navigates elsewhere, attaches no <webview>, opens no window (links to the app
 * it serves go to the developer's browser), and is granted no permission but
 * clipboard writes. Electron's security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 *
 * The options are written out at the `new BrowserWindow` call so scanners such
 * as Electronegativity see them, and `BrowserWindow` is passed in so a test can
 * record exactly what this module hands to Electron.
 */
import type { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin.js';
import { externalLinkTarget, isPermissionGranted } from './security-policy.js';
import { crashLoopMessage, CrashReloads, loadFailureMessage } from './window-recovery.js';

/** Where `BrowserWindow` comes from: the `electron` module in the app. */
export interface WindowFactory {
  readonly BrowserWindow: typeof ElectronBrowserWindow;
}

/** What the window asks of main. */
export interface WindowHooks {
  /** The origin the Spin app serves on now (`AppStatus.origin`), if it runs. */
  readonly appOrigin: () => string | undefined;
  /** Opens a URL in the developer's browser (`shell.openExternal`). */
  readonly openExternal: (url: string) => void;
  /** The window cannot show our page; `message` says why. Main reports it and quits. */
  readonly failed: (message: string) => void;
  /** Milliseconds, for counting crashes; `Date.now` by default. */
  readonly now?: () => number;
}

/** Creates the window, locks it down and loads the renderer; it shows once painted. */
export function createMainWindow({ BrowserWindow }: WindowFactory, preloadPath: string, hooks: WindowHooks): ElectronBrowserWindow {
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
  webContents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url, hooks.appOrigin());
    if (external !== undefined) hooks.openExternal(external);
    return { action: 'deny' };
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());

  webContents.session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, { url: details.requestingUrl, isMainFrame: details.isMainFrame })),
  );
  webContents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(permission, { url: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }),
  );

  // Each load supersedes the last: a rejection from an older one (a load cut short
  // by a crash, say) is not this window's failure.
  let loads = 0;
  const load = (): void => {
    const attempt = ++loads;
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      if (attempt !== loads || window.isDestroyed()) return;
      const message = loadFailureMessage(error, APP_ENTRY_URL);
      if (message !== undefined) hooks.failed(message);
    });
  };
  const crashes = new CrashReloads();
  webContents.on('render-process-gone', (_event, details) => {
    loads += 1;
    if (window.isDestroyed()) return;
    if (crashes.shouldReload((hooks.now ?? Date.now)())) load();
    else hooks.failed(crashLoopMessage(details.reason));
  });

  window.once('ready-to-show', () => window.show());
  load();
  return window;
}
