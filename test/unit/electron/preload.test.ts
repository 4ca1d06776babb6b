import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { API_METHODS, type SpinscopeApi, type SpinscopeApiMethod } from '../../../runtime/api/contract.js';
import { PRELOAD_METHODS } from '../../../electron/ipc.js';
import { transpileElectronSource } from '../../support/transpile-electron.js';

// Every method of the contract: its method table fails to compile until it has an entry
// for each, so a method some transport does not carry fails the tests below.
const CONTRACT_METHODS = Object.keys(API_METHODS) as (keyof typeof API_METHODS)[];
const listsEveryMethod: [Exclude<SpinscopeApiMethod, (typeof CONTRACT_METHODS)[number]>] extends [never] ? true : false = true;

type Handler = (event: unknown, payload: unknown) => void;

/**
 * Runs the preload as the sandbox does (CommonJS, `require('electron')` only) against a
 * tiny stand-in for the three renderer-side Electron modules it uses, recording what it
 * exposes and which channels it talks on. Main's answer to `spinscope:methods` is the
 * one `bindIpc` gives (ipc.test.ts checks that it does).
 */
function loadPreload(reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: 'answer' })) {
  const exposed = new Map<string, Record<string, unknown>>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const sent: string[] = [];
  const reported: unknown[][] = [];
  const handlers = new Map<string, Handler>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => void exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return reply(channel, args);
      },
      send: (channel: string) => void sent.push(channel),
      sendSync: (channel: string) => (channel === 'spinscope:methods' ? structuredClone(PRELOAD_METHODS) : undefined),
      on: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    },
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  };
  const module = { exports: {} };
  const require = (name: string): unknown => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const console = { error: (...args: unknown[]) => void reported.push(args) };
  runInNewContext(transpileElectronSource('preload.cts'), { require, module, exports: module.exports, console });
  const push = (channel: string, payload: unknown): void => handlers.get(channel)?.({}, payload);
  return { exposed, invoked, sent, push, reported };
}

describe('the preload', () => {
  it('exposes window.spinscope with exactly the contract: its version and every method', () => {
    expect(listsEveryMethod).toBe(true);
    const api = loadPreload().exposed.get('spinscope') ?? {};
    expect(Object.keys(api).sort()).toEqual(['version', ...CONTRACT_METHODS].sort());
    expect(api['version']).toBe(1 satisfies SpinscopeApi['version']);
    for (const method of CONTRACT_METHODS) expect(typeof api[method]).toBe('function');
  });

  it('exposes nothing else but the small desktop API', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()].sort()).toEqual(['spinscope', 'spinscopeDesktop']);
    const desktop = exposed.get('spinscopeDesktop') ?? {};
    expect(Object.keys(desktop)).toEqual(['pathForFile']);
    expect((desktop['pathForFile'] as (file: { name: string }) => string)({ name: 'my-app' })).toBe('/dropped/my-app');
  });

  it('calls each method on its own spinscope: channel with the arguments given', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get('spinscope') as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await expect(api['openProject']?.('/home/me/app')).resolves.toBe('answer');
    await api['events']?.({ kinds: ['outbound.denied'] });
    await api['clearEvents']?.();
    expect(invoked).toEqual([
      { channel: 'spinscope:openProject', args: ['/home/me/app'] },
      { channel: 'spinscope:events', args: [{ kinds: ['outbound.denied'] }] },
      { channel: 'spinscope:clearEvents', args: [] },
    ]);
  });

  it('rejects with the AppProblem main sent', async () => {
    const problem = { code: 'SPINSCOPE_MANIFEST', name: 'ManifestError', message: 'spin.toml:3:1: bad', file: 'spin.toml', line: 3 };
    const api = loadPreload(() => ({ ok: false, problem })).exposed.get('spinscope') as unknown as SpinscopeApi;
    await expect(api.openProject('/x')).rejects.toEqual(problem);
  });

  it('tells main it is ready at the first subscription, once', () => {
    const { exposed, sent } = loadPreload();
    const api = exposed.get('spinscope') as unknown as SpinscopeApi;
    expect(sent).toEqual([]);
    api.onStatus(() => {});
    api.onEvents(() => {});
    expect(sent).toEqual(['spinscope:ready']);
  });

  it('delivers pushes to listeners, holds them for a channel nobody listens to yet, and stops after unsubscribe', () => {
    const { exposed, push } = loadPreload();
    const api = exposed.get('spinscope') as unknown as SpinscopeApi;
    const statuses: unknown[] = [];
    const batches: unknown[] = [];
    const stop = api.onStatus((status) => statuses.push(status));
    push('spinscope:status', { state: 'running' });
    push('spinscope:events', { events: [], evicted: 0 });
    expect(statuses).toEqual([{ state: 'running' }]);
    api.onEvents((batch) => batches.push(batch));
    expect(batches).toEqual([{ events: [], evicted: 0 }]);
    stop();
    push('spinscope:status', { state: 'stopped' });
    expect(statuses).toEqual([{ state: 'running' }]);
  });

  it('says ready before it delivers what it held, so a throwing listener cannot stop "ready"', () => {
    const { exposed, sent, push, reported } = loadPreload();
    const api = exposed.get('spinscope') as unknown as SpinscopeApi;
    push('spinscope:status', { state: 'running' });
    const failure = new Error('listener bug');
    expect(() =>
      api.onStatus(() => {
        throw failure;
      }),
    ).not.toThrow();
    expect(sent).toEqual(['spinscope:ready']);
    expect(reported).toEqual([[expect.stringContaining('a listener of window.spinscope failed'), failure]]);
  });

  it('delivers each push to every listener even when one of them throws', () => {
    const { exposed, push, reported } = loadPreload();
    const api = exposed.get('spinscope') as unknown as SpinscopeApi;
    const seen: string[] = [];
    api.onEvents(() => seen.push('first'));
    api.onEvents(() => {
      throw new Error('second is broken');
    });
    api.onEvents(() => seen.push('third'));
    push('spinscope:events', { events: [], evicted: 0 });
    push('spinscope:events', { events: [], evicted: 0 });
    expect(seen).toEqual(['first', 'third', 'first', 'third']);
    expect(reported).toHaveLength(2);
  });
});
