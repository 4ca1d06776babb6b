import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { API_METHODS, callArgumentsProblem, type AppStatus, type SpinscopeApi, type SpinscopeApiMethod } from '../../../runtime/api/contract.js';
import { ERR_ABORTED } from '../../../electron/follow-renderer.js';
import { bindIpc, PRELOAD_METHODS, type IpcBinding } from '../../../electron/ipc.js';
import type { InvokedMethod } from '../../../electron/ipc-channels.js';
import { createMainWindow } from '../../../electron/window.js';
import { electronEvent, StandInIpcMain, StandInWindow, type StandInWebContents } from '../../support/electron-stand-ins.js';

const OUR_PAGE = 'app://spinscope/index.html';
// Every call of the contract's method table, which fails to compile until it has an entry for every method.
const INVOKED = (Object.keys(API_METHODS) as SpinscopeApiMethod[]).filter((method): method is InvokedMethod => !('pushes' in API_METHODS[method]));
const listsEveryMethod: [Exclude<SpinscopeApiMethod, keyof typeof API_METHODS>] extends [never] ? true : false = true;
const NO_ARGUMENT_METHODS = ['status', 'components', 'pickProject', 'recentProjects', 'start', 'stop', 'clearEvents', 'keyValueStores', 'learnAllowedHosts', 'auditAllowedHosts', 'outboundRules'] as const;

const status = (state: AppStatus['state']): AppStatus => ({ state, isExample: true, routes: [] });

/**
 * Binds the IPC to a real window module on stand-ins (the Electron binary cannot run
 * here), in main's order: the window and its guards first, then the IPC. The session
 * records every call and answers with the method's name; `publishStatus` pushes.
 */
function bind() {
  const calls: { method: string; args: unknown[] }[] = [];
  let publishStatus: (status: AppStatus) => void = () => undefined;
  let picked = 0;
  const session = new Proxy({} as IpcBinding['session'], {
    get: (_target, method: string) => {
      if (method === 'onEvents') return () => () => undefined;
      if (method === 'onStatus')
        return (listener: (status: AppStatus) => void) => {
          publishStatus = listener;
          return () => undefined;
        };
      return async (...args: unknown[]) => {
        calls.push({ method, args });
        return method;
      };
    },
  });
  const ipcMain = new StandInIpcMain();
  const window = createMainWindow({ BrowserWindow: StandInWindow.asElectron }, '/app/preload.cjs', { appOrigin: () => undefined, openExternal: () => undefined, failed: () => undefined });
  const contents = window.webContents as unknown as StandInWebContents;
  const unbind = bindIpc({
    ipcMain: ipcMain.asElectron,
    session,
    window: window as BrowserWindow,
    pickFolder: async () => {
      picked += 1;
      return '/picked';
    },
  });
  const frame = contents.mainFrame;
  const invoke = (method: keyof SpinscopeApi, args: unknown[], senderFrame: { url: string } | null = frame) => ipcMain.invoke(`spinscope:${method}`, args, senderFrame);
  const ready = (args: unknown[] = [], senderFrame: { url: string } | null = frame) => ipcMain.send('spinscope:ready', args, senderFrame);
  const pushed = () => contents.sent.map(([, payload]) => (payload as AppStatus).state);
  return { ipcMain, contents, calls, invoke, ready, unbind, pushed, push: (state: AppStatus['state']) => publishStatus(status(state)), picks: () => picked };
}

/**
 * A main-frame navigation to `url`, with the events Electron emits in its documented
 * order (did-start-navigation, will-frame-navigate, then did-navigate, or, when a
 * guard prevented it, did-fail-provisional-load with net::ERR_ABORTED unless `quietly`).
 */
function navigate(contents: StandInWebContents, url: string, { quietly = false } = {}): 'blocked' | 'committed' {
  contents.emit('did-start-navigation', electronEvent({ url, isMainFrame: true, isSameDocument: false }));
  const willNavigate = electronEvent({ url, isMainFrame: true, isSameDocument: false });
  contents.emit('will-frame-navigate', willNavigate);
  if (willNavigate.defaultPrevented) {
    if (!quietly) contents.emit('did-fail-provisional-load', electronEvent({}), ERR_ABORTED, 'ERR_ABORTED', url, true, 1, 1);
    return 'blocked';
  }
  contents.emit('did-frame-navigate', electronEvent({}), url, 200, 'OK', true, 1, 1);
  contents.emit('did-navigate', electronEvent({}), url, 200, 'OK');
  return 'committed';
}

describe('the IPC binding', () => {
  it('handles one spinscope: channel per invoked method of the contract, and removes them when unbound', () => {
    expect(listsEveryMethod).toBe(true);
    const { ipcMain, unbind } = bind();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKED.map((method) => `spinscope:${method}`).sort());
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.size).toBe(0);
  });

  it('passes the store methods their arguments unchanged, bytes included', async () => {
    const { calls, invoke } = bind();
    const value = Uint8Array.from([0, 1, 255]);
    await expect(invoke('keyValueSet', ['default', 'counter', value])).resolves.toEqual({ ok: true, value: 'keyValueSet' });
    await invoke('keyValueKeys', ['default', { prefix: 'user:', limit: 50 }]);
    await invoke('setStoreAccess', ['web', 'sqlite_databases', ['default'], { save: true }]);
    expect(calls).toEqual([
      { method: 'keyValueSet', args: ['default', 'counter', value] },
      { method: 'keyValueKeys', args: ['default', { prefix: 'user:', limit: 50 }] },
      { method: 'setStoreAccess', args: ['web', 'sqlite_databases', ['default'], { save: true }] },
    ]);
    expect(calls[0]?.args[2]).toBe(value);
  });

  it('refuses arguments the bridge would refuse, with a usage problem, before the session sees them', async () => {
    const { calls, invoke } = bind();
    const refused = await invoke('keyValueSet', ['default', 'counter', 'not bytes']);
    expect(refused).toEqual({ ok: false, problem: expect.objectContaining({ code: 'SPINSCOPE_USAGE', message: expect.stringMatching(/keyValueSet takes .* a value \(bytes\)/) }) });
    expect(await invoke('setStoreAccess', ['web', 'allowed_outbound_hosts', [], { save: false }])).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it.each(NO_ARGUMENT_METHODS)('refuses an extra argument to %s as the bridge words it, and runs nothing', async (method) => {
    const { calls, invoke, picks } = bind();
    const bridgeSays = callArgumentsProblem('status', ['extra']);
    expect(await invoke(method, ['extra'])).toEqual({ ok: false, problem: expect.objectContaining({ code: 'SPINSCOPE_USAGE', message: bridgeSays }) });
    expect(calls).toEqual([]);
    expect(picks()).toBe(0);
  });

  it('refuses a call from a frame that is not our renderer', async () => {
    const { calls, invoke } = bind();
    await expect(invoke('keyValueDelete', ['default', 'counter'], { url: 'https://attacker.example/' })).rejects.toThrow(/refused spinscope:keyValueDelete/);
    await expect(invoke('status', [], null)).rejects.toThrow(/refused spinscope:status from a frame that is gone/);
    expect(calls).toEqual([]);
  });

  it('tells the preload of our window every method of the contract and how it travels, and nobody else', () => {
    const { ipcMain, contents } = bind();
    const answer = ipcMain.sendSync('spinscope:methods', contents) as typeof PRELOAD_METHODS;
    expect(answer).toEqual(PRELOAD_METHODS);
    expect(answer.version).toBe(1 satisfies SpinscopeApi['version']);
    expect([...answer.calls].sort()).toEqual([...INVOKED].sort());
    expect(answer.pushes).toEqual({ onEvents: 'spinscope:events', onStatus: 'spinscope:status' });
    expect([...answer.calls, ...Object.keys(answer.pushes)].sort()).toEqual(Object.keys(API_METHODS).sort());
    expect(ipcMain.sendSync('spinscope:methods', { id: 'another window' })).toBeNull();
  });

  it('opens the folder the picker chose', async () => {
    const { calls, invoke } = bind();
    await invoke('pickProject', []);
    expect(calls).toEqual([{ method: 'openProject', args: ['/picked'] }]);
  });
});

describe('pushes to the window', () => {
  it('are held until our page says ready, and only our page with no arguments counts', () => {
    const { ready, push, pushed } = bind();
    push('starting');
    ready([], { url: OUR_PAGE });
    ready(['extra']);
    expect(pushed()).toEqual([]);
    ready();
    push('running');
    expect(pushed()).toEqual(['starting', 'running']);
  });

  it('resume when the guard blocks a navigation away from our page', () => {
    const { contents, ready, push, pushed } = bind();
    ready();
    expect(navigate(contents, 'https://example.com/')).toBe('blocked');
    push('running');
    expect(pushed()).toEqual(['running']);
  });

  it('resume on the guard alone, should Electron report no failed load for a blocked navigation', () => {
    const { contents, ready, push, pushed } = bind();
    ready();
    expect(navigate(contents, 'https://example.com/', { quietly: true })).toBe('blocked');
    push('running');
    expect(pushed()).toEqual(['running']);
  });

  it('resume when a redirect to elsewhere is blocked', () => {
    const { contents, ready, push, pushed } = bind();
    ready();
    contents.emit('did-start-navigation', electronEvent({ url: OUR_PAGE, isMainFrame: true, isSameDocument: false }));
    contents.emit('will-frame-navigate', electronEvent({ url: OUR_PAGE, isMainFrame: true, isSameDocument: false }));
    const redirect = electronEvent({ url: 'https://example.com/', isMainFrame: true, isSameDocument: false });
    contents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    push('running');
    expect(pushed()).toEqual(['running']);
  });

  it('wait for the new page after a reload, which says ready itself', () => {
    const { contents, ready, push, pushed } = bind();
    ready();
    expect(navigate(contents, OUR_PAGE)).toBe('committed');
    push('stopped');
    expect(pushed()).toEqual([]);
    ready();
    expect(pushed()).toEqual(['stopped']);
  });

  it('go on through navigations within the page and in subframes', () => {
    const { contents, ready, push, pushed } = bind();
    ready();
    contents.emit('did-start-navigation', electronEvent({ url: `${OUR_PAGE}#traffic`, isMainFrame: true, isSameDocument: true }));
    contents.emit('did-start-navigation', electronEvent({ url: 'https://example.com/', isMainFrame: false, isSameDocument: false }));
    push('running');
    expect(pushed()).toEqual(['running']);
  });

  it('are held after a renderer crash until the reloaded page says ready', () => {
    const { contents, ready, push, pushed } = bind();
    ready();
    contents.emit('render-process-gone', electronEvent({}), { reason: 'crashed', exitCode: 139 });
    push('running');
    expect(pushed()).toEqual([]);
    navigate(contents, OUR_PAGE);
    ready();
    expect(pushed()).toEqual(['running']);
  });

  it('stop following the window when unbound', () => {
    const { contents, unbind } = bind();
    const before = contents.eventNames().map((name) => [name, contents.listenerCount(name)]);
    unbind();
    const after = new Map(contents.eventNames().map((name) => [name, contents.listenerCount(name)]));
    // What remains are window.ts's own guards (one each), which live as long as the window.
    expect(Object.fromEntries(after)).toEqual({ 'will-frame-navigate': 1, 'will-redirect': 1, 'will-attach-webview': 1, 'render-process-gone': 1 });
    expect(before.length).toBeGreaterThan(after.size);
  });
});
