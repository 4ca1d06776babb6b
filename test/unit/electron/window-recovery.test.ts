import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, CrashReloads, MAX_CRASH_RELOADS, loadFailureMessage } from '../../../electron/window-recovery.js';

const URL = 'app://spinscope/index.html';

describe('loadFailureMessage', () => {
  it("names Electron's error code and number", () => {
    const error = Object.assign(new Error('ERR_FAILED (-2) loading ...'), { errno: -2, code: 'ERR_FAILED', url: URL });
    expect(loadFailureMessage(error, URL)).toBe(`Spinscope could not show its window: loading ${URL} failed with ERR_FAILED (-2), so it quits.`);
  });

  it('falls back to the message of any other error', () => {
    expect(loadFailureMessage(new Error('protocol handler threw'), URL)).toContain('failed with protocol handler threw');
  });

  it('is silent for a load another navigation superseded', () => {
    expect(loadFailureMessage(Object.assign(new Error('ERR_ABORTED (-3)'), { errno: -3, code: 'ERR_ABORTED' }), URL)).toBeUndefined();
  });
});

describe('CrashReloads', () => {
  it(`allows ${MAX_CRASH_RELOADS} reloads within ${CRASH_WINDOW_MS} ms, then refuses`, () => {
    const crashes = new CrashReloads();
    const answers = Array.from({ length: MAX_CRASH_RELOADS + 1 }, (_, index) => crashes.shouldReload(index * 10));
    expect(answers).toEqual([...Array<boolean>(MAX_CRASH_RELOADS).fill(true), false]);
  });

  it('forgets crashes older than the window', () => {
    const crashes = new CrashReloads();
    for (let index = 0; index < MAX_CRASH_RELOADS; index += 1) crashes.shouldReload(index);
    expect(crashes.shouldReload(CRASH_WINDOW_MS + MAX_CRASH_RELOADS)).toBe(true);
  });
});
