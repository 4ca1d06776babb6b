/**
 * Spinscope's Electron main process: one instance, one window, one
 * `ProjectSession` (the project named on the command line, else the bundled
 * example), the app menu, and a shutdown that stops the Spin app first, within
 * a time limit.
 */
import { app, BrowserWindow, dialog, ipcMain, session as electronSession, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProjectSession } from '../runtime/index.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { unpackedPath } from './asar-path.js';
import { launchRequest, readLaunchRequest, type LaunchRequest } from './command-line.js';
import { bindIpc } from './ipc.js';
import { installAppMenu, type MenuActions } from './menu.js';
import { PendingLaunches } from './pending-launches.js';
import { Shutdown } from './shutdown.js';
import { createMainWindow } from './window.js';

const PRELOAD = join(import.meta.dirname, 'preload.cjs');
const RENDERER_DIR = join(app.getAppPath(), 'dist/renderer');
// Guests run in worker threads from the real file system (electron-builder.yml unpacks them).
const GUEST_WORKER = pathToFileURL(unpackedPath(join(app.getAppPath(), 'dist/runtime/engine/guest-worker.js')));

registerAppScheme();
const launch = launchRequest(process.argv, app.isPackaged, process.cwd());
// The project goes as additionalData: the 'second-instance' argv may be reordered.
if (app.requestSingleInstanceLock(launch)) startPrimary(launch);
// Another Spinscope is running; it opens our project (see 'second-instance').
else app.quit();

/** This is the one instance: starts, and quits only once the Spin app has stopped (or run out of time). */
function startPrimary(launch: LaunchRequest): void {
  // Listening at once: Electron emits 'second-instance' any time after 'ready', maybe mid-startup.
  const laterLaunches = new PendingLaunches();
  app.on('second-instance', (_event, _argv, _workingDirectory, additionalData) => laterLaunches.add(readLaunchRequest(additionalData)));

  let exitCode = 0;
  const fail = (message: string): void => {
    exitCode = 1;
    dialog.showErrorBox('Spinscope', message);
    app.quit();
  };
  const started = run(launch, laterLaunches, fail);
  started.catch((error: unknown) => {
    dialog.showErrorBox('Spinscope could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });

  const shutdown = new Shutdown({
    stop: async () => (await started.catch(() => undefined))?.(),
    stopped: (outcome) => {
      if (outcome.kind === 'failed') console.error('Spinscope: stopping the app failed:', outcome.error);
      if (outcome.kind === 'timed-out') console.error(`Spinscope: the app did not stop within ${outcome.limitMs / 1000} s; quitting anyway.`);
      if (exitCode === 0) app.quit();
      else app.exit(exitCode);
    },
  });
  app.on('before-quit', (event) => {
    if (!shutdown.mayQuit()) event.preventDefault();
  });
  // The window is the app: closing it stops the Spin app too, on every platform.
  app.on('window-all-closed', () => app.quit());
  // Ctrl-C in the terminal of `npm start` quits through 'before-quit' as well.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

/** Opens the session and the window; resolves to the function that closes them. */
async function run(launch: LaunchRequest, laterLaunches: PendingLaunches, fail: (message: string) => void): Promise<() => Promise<void>> {
  await app.whenReady();
  serveRenderer(electronSession.defaultSession, RENDERER_DIR);
  const spinscope = await ProjectSession.open({ ...launch, engine: { workerScript: GUEST_WORKER } });
  let origin = (await spinscope.status()).origin;
  const window = createMainWindow({ BrowserWindow }, PRELOAD, {
    appOrigin: () => origin,
    openExternal: (url) => handOff(shell.openExternal(url)),
    failed: fail,
  });
  const unbindIpc = bindIpc({ ipcMain, session: spinscope, window, pickFolder: () => pickFolder(window) });

  const openProject = (path: string): void => handOff(spinscope.openProject(path));
  const actions: MenuActions = {
    openFolder: () => handOff(pickFolder(window).then((folder) => (folder === undefined ? undefined : spinscope.openProject(folder)))),
    openRecent: openProject,
    start: () => handOff(spinscope.start()),
    stop: () => handOff(spinscope.stop()),
    restart: () => handOff(spinscope.restart()),
  };
  const refreshMenu = async (): Promise<void> => {
    installAppMenu(await spinscope.status(), await spinscope.recentProjects(), actions, !app.isPackaged);
  };
  spinscope.onStatus((status) => {
    origin = status.origin;
    handOff(refreshMenu());
  });
  await refreshMenu();

  laterLaunches.deliverTo((request) => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    if (request.project !== undefined) openProject(request.project);
  });

  return async () => {
    unbindIpc();
    await spinscope.close();
  };
}

async function pickFolder(window: BrowserWindow): Promise<string | undefined> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open a Spin project',
    buttonLabel: 'Open',
    message: 'Choose the folder that holds spin.toml',
    properties: ['openDirectory'],
  });
  return result.canceled ? undefined : result.filePaths[0];
}

/**
 * Runs a menu action to its end. A project that fails to load is reported in
 * the status (and so in the window); anything thrown is unexpected, so say it.
 */
function handOff(action: Promise<unknown>): void {
  action.catch((error: unknown) => {
    console.error('Spinscope:', error);
    dialog.showErrorBox('Spinscope', error instanceof Error ? error.message : String(error));
  });
}
