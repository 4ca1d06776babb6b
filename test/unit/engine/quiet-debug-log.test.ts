import { transpile } from '@bytecodealliance/jco';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEBUG_FLAG, quietDebugLog } from '../../../runtime/engine/quiet-debug-log.js';
import { buildSpinJsComponent } from '../../support/build-spin-js-component.js';

const BUILD_TIMEOUT_MS = 180_000;

// The shape jco 1.35 generates: `_debugLog` defined inside `instantiate()`, called as statements.
const GLUE = `"use components";
export function instantiate(probe) {
  const _debugLog = (...args) => {
    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }
    console.debug(...args);
  };
  function lower(value) {
    _debugLog('[lower()] args', { value: probe.read(value) });
    if (value > 1)
      _debugLog('[lower()] big');
    return value * 2;
  }
  return { lower };
}
`;

describe('quietDebugLog', () => {
  let dir: string | undefined;
  afterEach(async () => {
    delete process.env['JCO_DEBUG'];
    vi.restoreAllMocks();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** Loads `glue` as a fresh module and returns `lower`, counting what its debug arguments read. */
  async function load(glue: string): Promise<{ lower: (value: number) => number; reads: () => number }> {
    dir ??= await mkdtemp(join(tmpdir(), 'spinscope-quiet-debug-'));
    const file = join(dir, `glue-${Math.random().toString(36).slice(2)}.mjs`);
    await writeFile(file, glue);
    let reads = 0;
    const { instantiate } = (await import(pathToFileURL(file).href)) as { instantiate: (probe: { read(v: number): number }) => { lower: (v: number) => number } };
    const { lower } = instantiate({ read: (v) => (reads++, v) });
    return { lower, reads: () => reads };
  }

  it('skips every call, arguments included, while JCO_DEBUG is unset, and reads the environment once per load', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { lower, reads } = await load(quietDebugLog(GLUE));
    process.env['JCO_DEBUG'] = '1'; // set after loading: no longer looked at
    expect(lower(3)).toBe(6);
    expect(reads()).toBe(0);
    expect(debug).not.toHaveBeenCalled();
  });

  it('logs as before when JCO_DEBUG is set at load', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    process.env['JCO_DEBUG'] = '1';
    const { lower, reads } = await load(quietDebugLog(GLUE));
    expect(lower(3)).toBe(6);
    expect(reads()).toBe(1);
    expect(debug.mock.calls).toEqual([['[lower()] args', { value: 3 }], ['[lower()] big']]);
  });

  it(
    "rewrites jco's real glue: one environment read at module scope, every call guarded",
    async () => {
      const { files } = await transpile(await readFile(await buildSpinJsComponent('hello')), { name: 'guest', instantiation: 'async', noTypescript: true, quiet: true });
      const original = Buffer.from(files['guest.js']!).toString('utf8');
      expect(original.match(/^\s*_debugLog\(/gm)?.length).toBeGreaterThan(100);
      const rewritten = quietDebugLog(original);
      expect(rewritten.match(/process\?\.env/g)).toHaveLength(1);
      expect(rewritten.indexOf(`const ${DEBUG_FLAG} = `)).toBeLessThan(rewritten.indexOf('export function instantiate'));
      expect(rewritten.match(/^\s*_debugLog\(/gm)).toBeNull();
    },
    BUILD_TIMEOUT_MS,
  );

  it('leaves glue without _debugLog alone and refuses a _debugLog it does not know', () => {
    expect(quietDebugLog('export function instantiate() {}')).toBe('export function instantiate() {}');
    expect(() => quietDebugLog('const _debugLog = () => { if (process.env.X) console.log(1); };')).toThrow(/unknown way/);
  });
});
