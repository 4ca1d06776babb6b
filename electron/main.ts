/**
 * Spinscope's Electron main process: one instance, one window, one
 * `ProjectSession` (the project named on the command line, else the bundled
 * example), the app menu, and a clean shutdown that stops the Spin app.
 */
import { app, BrowserWindow, dialog, ipcMain, session as electronSession } from 'electron';
import { join, resolve } from 'node:path';
import { ProjectSession } from '../runtime/index.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { projectArgument } from './command-line.js';
import { bindIpc } from './ipc.js';
import { installAppMenu, type MenuActions } from './menu.js';
import { createMainWindow } from './window.js';

const PRELOAD = join(import.meta.dirname, 'preload.cjs');
const RENDERER_DIR = join(app.getAppPath(), 'dist/renderer');

registerAppScheme();
if (app.requestSingleInstanceLock()) {
  run().catch((error: unknown) => {
    dialog.showErrorBox('Spinscope could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });
} else {
  // Another Spinscope is running; it opens our project argument (see 'second-instance').
  app.quit();
}

async function run(): Promise<void> {
  await app.whenReady();
  serveRenderer(electronSession.defaultSession, RENDERER_DIR);
  const project = projectArgument(process.argv, app.isPackaged);
  const spinscope = await ProjectSession.open(project === undefined ? {} : { project });
  const window = createMainWindow({ BrowserWindow }, PRELOAD);
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
  spinscope.onStatus(() => handOff(refreshMenu()));
  await refreshMenu();

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    const path = projectArgument(argv, app.isPackaged);
    if (path !== undefined) openProject(resolve(workingDirectory, path));
  });

  // The window is the app: closing it stops the Spin app too, on every platform.
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    unbindIpc();
    spinscope
      .close()
      .catch((error: unknown) => console.error('Spinscope: stopping the app failed:', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  // Ctrl-C in the terminal of `npm start` quits through 'before-quit' as well.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
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
