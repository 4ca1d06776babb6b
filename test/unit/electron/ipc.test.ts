import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { SpinscopeApi } from '../../../runtime/api/contract.js';
import { bindIpc, type IpcBinding } from '../../../electron/ipc.js';
import type { InvokedMethod, InvokeReply } from '../../../electron/ipc-channels.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<InvokeReply>;

const OUR_FRAME = { url: 'app://spinscope/index.html' };
const INVOKED: readonly InvokedMethod[] = [
  'status',
  'components',
  'events',
  'openProject',
  'pickProject',
  'recentProjects',
  'start',
  'stop',
  'restart',
  'clearEvents',
  'setAllowedHosts',
  'setStoreAccess',
  'keyValueStores',
  'keyValueKeys',
  'keyValueGet',
  'keyValueSet',
  'keyValueDelete',
  'discardSessionChanges',
  'replay',
  'learnAllowedHosts',
];
const listsEveryMethod: [Exclude<InvokedMethod, (typeof INVOKED)[number]>] extends [never] ? true : false = true;

/**
 * Binds the IPC against a stand-in `ipcMain` and window (the Electron binary cannot run
 * here) and a session that records every call it gets and answers with the method's name.
 */
function bind() {
  const handlers = new Map<string, Handler>();
  const calls: { method: string; args: unknown[] }[] = [];
  const session = new Proxy({} as IpcBinding['session'], {
    get: (_target, method: string) => {
      if (method === 'onEvents' || method === 'onStatus') return () => () => undefined;
      return async (...args: unknown[]) => {
        calls.push({ method, args });
        return method;
      };
    },
  });
  const ipcMain = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
    on: () => ipcMain,
    off: () => ipcMain,
  } as unknown as IpcBinding['ipcMain'];
  const window = { webContents: { mainFrame: OUR_FRAME, isDestroyed: () => false, send: () => undefined, on: () => undefined, off: () => undefined } } as unknown as BrowserWindow;
  const unbind = bindIpc({ ipcMain, session, window, pickFolder: async () => '/picked' });
  const invoke = (method: keyof SpinscopeApi, args: unknown[], senderFrame: { url: string } = OUR_FRAME): Promise<InvokeReply> => {
    const handler = handlers.get(`spinscope:${method}`);
    if (handler === undefined) throw new Error(`nothing handles spinscope:${method}`);
    return handler({ senderFrame } as unknown as IpcMainInvokeEvent, ...args);
  };
  return { handlers, calls, invoke, unbind };
}

describe('the IPC binding', () => {
  it('handles one spinscope: channel per invoked method of the contract, and removes them when unbound', () => {
    expect(listsEveryMethod).toBe(true);
    const { handlers, unbind } = bind();
    expect([...handlers.keys()].sort()).toEqual(INVOKED.map((method) => `spinscope:${method}`).sort());
    unbind();
    expect(handlers.size).toBe(0);
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
    expect(await invoke('status', ['extra'])).toMatchObject({ ok: false, problem: { message: 'this method takes no arguments' } });
    expect(calls).toEqual([]);
  });

  it('refuses a call from a frame that is not our renderer', async () => {
    const { calls, invoke } = bind();
    await expect(invoke('keyValueDelete', ['default', 'counter'], { url: 'https://attacker.example/' })).rejects.toThrow(/refused spinscope:keyValueDelete/);
    expect(calls).toEqual([]);
  });

  it('opens the folder the picker chose', async () => {
    const { calls, invoke } = bind();
    await invoke('pickProject', []);
    expect(calls).toEqual([{ method: 'openProject', args: ['/picked'] }]);
  });
});
