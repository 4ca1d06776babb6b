/**
 * The application menu: open a project (folder dialog or a recent one) and
 * start, stop or restart its app, enabled according to the app's state.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename, dirname } from 'node:path';
import type { AppStatus } from '../runtime/api/contract.js';

/** What the menu's items do; each returns when the action has been handed off. */
export interface MenuActions {
  readonly openFolder: () => void;
  readonly openRecent: (manifestFile: string) => void;
  readonly start: () => void;
  readonly stop: () => void;
  readonly restart: () => void;
}

/** Builds the menu for the current status and recent projects and installs it. */
export function installAppMenu(status: AppStatus, recent: readonly string[], actions: MenuActions, development: boolean): void {
  const isMac = process.platform === 'darwin';
  const running = status.state === 'running' || status.state === 'starting';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: actions.openFolder },
        {
          label: 'Open Recent',
          enabled: recent.length > 0,
          submenu: recent.map((manifestFile) => ({ label: recentLabel(manifestFile), click: () => actions.openRecent(manifestFile) })),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'App',
      submenu: [
        { label: 'Start', accelerator: 'CmdOrCtrl+Shift+S', enabled: !running && status.manifestFile !== undefined, click: actions.start },
        { label: 'Stop', accelerator: 'CmdOrCtrl+Shift+X', enabled: running, click: actions.stop },
        { label: 'Restart', accelerator: 'CmdOrCtrl+Shift+R', enabled: status.manifestFile !== undefined, click: actions.restart },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(development ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** `my-app — /home/me/src/my-app`: the folder name first, so recent projects read at a glance. */
function recentLabel(manifestFile: string): string {
  const folder = dirname(manifestFile);
  return `${basename(folder)} — ${folder}`;
}
