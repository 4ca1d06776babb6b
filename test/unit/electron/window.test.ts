import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../../electron/app-origin.js';
import { createMainWindow, type WindowHooks } from '../../../electron/window.js';
import { CRASH_WINDOW_MS, MAX_CRASH_RELOADS } from '../../../electron/window-recovery.js';
import { electronEvent, StandInWindow } from '../../support/electron-stand-ins.js';

const APP_ORIGIN = 'http://127.0.0.1:3000';

/** Opens a window on the stand-in, with hooks that record what the window asks of main. */
function openWindow(hooks: Partial<WindowHooks> = {}) {
  const opened: string[] = [];
  const failures: string[] = [];
  let now = 0;
  createMainWindow({ BrowserWindow: StandInWindow.asElectron }, '/app/dist/electron/preload.cjs', {
    appOrigin: () => APP_ORIGIN,
    openExternal: (url) => void opened.push(url),
    failed: (message) => void failures.push(message),
    now: () => now,
    ...hooks,
  });
  const window = StandInWindow.created.at(-1);
  if (window === undefined) throw new Error('no window was created');
  return { window, contents: window.webContents, opened, failures, advance: (ms: number) => void (now += ms) };
}

/** Runs a navigation listener of the window and tells whether it blocked the navigation. */
function blocks(window: StandInWindow, eventName: string, url: string): boolean {
  const event = electronEvent({ url, isMainFrame: true, isSameDocument: false });
  window.webContents.emit(eventName, event);
  return event.defaultPrevented;
}

/** Settles the pending loads (tick so the window's rejection handler has run). */
async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/** What Electron's `loadURL` rejects with (lib/browser/api/web-contents.ts: `errno`, `code`, `url`). */
function loadError(errno: number, code: string): Error {
  return Object.assign(new Error(`${code} (${errno}) loading '${APP_ENTRY_URL}'`), { errno, code, url: APP_ENTRY_URL });
}

describe('the main window', () => {
  it('is isolated, sandboxed, without Node.js, with web security, and has only our preload', () => {
    expect(openWindow().window.options.webPreferences).toEqual({
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

  it('loads our renderer from the app: origin and shows once painted', () => {
    const { window } = openWindow();
    expect(window.loads.map((load) => load.url)).toEqual([APP_ENTRY_URL]);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('blocks navigations and redirects away from our renderer, in any frame', () => {
    const { window } = openWindow();
    for (const event of ['will-frame-navigate', 'will-redirect']) {
      expect(blocks(window, event, 'https://example.com/')).toBe(true);
      expect(blocks(window, event, 'file:///etc/passwd')).toBe(true);
      expect(blocks(window, event, 'app://other/index.html')).toBe(true);
      expect(blocks(window, event, 'app://spinscope/index.html')).toBe(false);
    }
  });

  it('blocks <webview> tags', () => {
    expect(blocks(openWindow().window, 'will-attach-webview', APP_ENTRY_URL)).toBe(true);
  });
});

describe('new windows', () => {
  it("hands a link to the running app's origin to the developer's browser and opens no window", () => {
    const { contents, opened } = openWindow();
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/hello?name=spin` })).toEqual({ action: 'deny' });
    expect(opened).toEqual([`${APP_ORIGIN}/hello?name=spin`]);
  });

  it.each(['https://example.com/', 'http://127.0.0.1:3001/', 'http://localhost:3000/', 'app://spinscope/index.html', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'denies a window for %s and opens nothing',
    (url) => {
      const { contents, opened } = openWindow();
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(opened).toEqual([]);
    },
  );

  it('opens nothing while no app is running', () => {
    const { contents, opened } = openWindow({ appOrigin: () => undefined });
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/` })).toEqual({ action: 'deny' });
    expect(opened).toEqual([]);
  });
});

describe('permissions', () => {
  /** Asks the window's session as Electron does: a request (callback) and a check (return value). */
  function decide(permission: string, requestingUrl: string, isMainFrame = true): { request: boolean | undefined; check: boolean } {
    const { contents } = openWindow();
    let request: boolean | undefined;
    const requestHandler = contents.permissionRequestHandler as (...args: unknown[]) => void;
    requestHandler(contents, permission, (granted: boolean) => (request = granted), { requestingUrl, isMainFrame });
    const checkHandler = contents.permissionCheckHandler as (...args: unknown[]) => boolean;
    const check = checkHandler(contents, permission, new URL(requestingUrl).origin, { requestingUrl, isMainFrame });
    return { request, check };
  }

  it('grants our page clipboard writes (the Copy buttons), asked or checked', () => {
    expect(decide('clipboard-sanitized-write', APP_ENTRY_URL)).toEqual({ request: true, check: true });
  });

  it.each([
    ['clipboard-read', APP_ENTRY_URL, true],
    ['notifications', APP_ENTRY_URL, true],
    ['media', APP_ENTRY_URL, true],
    ['openExternal', APP_ENTRY_URL, true],
    ['clipboard-sanitized-write', 'https://example.com/', true],
    ['clipboard-sanitized-write', 'app://other/index.html', true],
    ['clipboard-sanitized-write', APP_ENTRY_URL, false],
  ])('denies %s to %s (main frame: %s)', (permission, url, isMainFrame) => {
    expect(decide(permission, url, isMainFrame)).toEqual({ request: false, check: false });
  });

  it('decides a check without a requesting URL by its origin', () => {
    const { contents } = openWindow();
    const check = contents.permissionCheckHandler as (...args: unknown[]) => boolean;
    expect(check(contents, 'clipboard-sanitized-write', 'app://spinscope', { isMainFrame: true })).toBe(true);
    expect(check(contents, 'clipboard-sanitized-write', 'http://127.0.0.1:3000', { isMainFrame: true })).toBe(false);
  });
});

describe('a window whose page will not come up', () => {
  it('reports a failed load, naming the URL and the error', async () => {
    const { window, failures } = openWindow();
    window.loads[0]?.reject(loadError(-6, 'ERR_FILE_NOT_FOUND'));
    await settled();
    expect(failures).toEqual([expect.stringContaining(`loading ${APP_ENTRY_URL} failed with ERR_FILE_NOT_FOUND (-6)`)]);
  });

  it('says nothing when the load was superseded (ERR_ABORTED) or the window is gone', async () => {
    const aborted = openWindow();
    aborted.window.loads[0]?.reject(loadError(-3, 'ERR_ABORTED'));
    const closed = openWindow();
    closed.window.destroyed = true;
    closed.window.loads[0]?.reject(loadError(-2, 'ERR_FAILED'));
    await settled();
    expect([...aborted.failures, ...closed.failures]).toEqual([]);
  });

  it('reloads the page after the renderer crashes, and ignores the crashed load', async () => {
    const { window, failures } = openWindow();
    window.webContents.emit('render-process-gone', electronEvent({}), { reason: 'crashed', exitCode: 139 });
    // The load that was cut short fails afterwards, as Electron's did-stop-loading rejects it.
    window.loads[0]?.reject(loadError(-2, 'ERR_FAILED'));
    await settled();
    expect(window.loads.map((load) => load.url)).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
    expect(failures).toEqual([]);
    window.loads[1]?.reject(loadError(-2, 'ERR_FAILED'));
    await settled();
    expect(failures).toHaveLength(1);
  });

  it(`stops reloading after ${MAX_CRASH_RELOADS} crashes in ${CRASH_WINDOW_MS / 1000} s and reports it`, () => {
    const { window, failures, advance } = openWindow();
    for (let crash = 0; crash <= MAX_CRASH_RELOADS; crash += 1) {
      window.webContents.emit('render-process-gone', electronEvent({}), { reason: 'oom', exitCode: 1 });
      advance(1_000);
    }
    expect(window.loads).toHaveLength(1 + MAX_CRASH_RELOADS);
    expect(failures).toEqual([expect.stringMatching(/crashed 4 times within 60 s \(last: oom\)/)]);
  });

  it('keeps reloading a renderer that crashes now and then', () => {
    const { window, failures, advance } = openWindow();
    for (let crash = 0; crash < 3 * MAX_CRASH_RELOADS; crash += 1) {
      window.webContents.emit('render-process-gone', electronEvent({}), { reason: 'crashed', exitCode: 1 });
      advance(CRASH_WINDOW_MS / MAX_CRASH_RELOADS + 1);
    }
    expect(failures).toEqual([]);
    expect(window.loads).toHaveLength(1 + 3 * MAX_CRASH_RELOADS);
  });
});
