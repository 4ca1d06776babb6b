import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../support/build-component.js';
import { buildWatComponent } from '../support/build-wat-component.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const USAGE_HINT = "Run 'spinscope --help' for usage.\n";

/** Runs the built `spinscope` to its end; every case here fails before serving. */
function spinscope(args: string[], cacheHome: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cacheHome } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function manifest(source: string): string {
  return `spin_manifest_version = 2\n[application]\nname = "broken"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n[component.web]\nsource = ${JSON.stringify(source)}\n`;
}

describe('spinscope up refuses what it cannot run with an error naming the file and what to do, exit 2', () => {
  let dir: string;
  let cache: string;

  /** An app directory holding `spin.toml` for `source` and, if given, the source file's bytes. */
  async function app(name: string, source: string, bytes?: Uint8Array): Promise<string> {
    const appDir = join(dir, name);
    await mkdir(appDir);
    await writeFile(join(appDir, 'spin.toml'), manifest(source));
    if (bytes !== undefined) await writeFile(join(appDir, source), bytes);
    return appDir;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-load-errors-'));
    cache = join(dir, 'cache');
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second app argument rather than ignoring it', () => {
    const run = spinscope(['up', join(dir, 'a'), join(dir, 'b')], cache);
    expect([run.status, run.stderr]).toEqual([2, `Error: unexpected argument '${join(dir, 'b')}': up runs one app, a directory or its spin.toml (here '${join(dir, 'a')}')\n${USAGE_HINT}`]);
  });

  it('refuses an app argument beside -f, for ui too', () => {
    const run = spinscope(['ui', '-f', join(dir, 'spin.toml'), join(dir, 'b')], cache);
    expect([run.status, run.stderr]).toEqual([2, `Error: unexpected argument '${join(dir, 'b')}': -f already names the app (${join(dir, 'spin.toml')}); give ui one app\n${USAGE_HINT}`]);
  });

  it('refuses a source that is a directory, naming spin.toml, its line and the component', async () => {
    const appDir = await app('source-dir', '.');
    const run = spinscope(['up', appDir], cache);
    expect([run.status, run.stderr]).toEqual([
      2,
      `Error: ${join(appDir, 'spin.toml')}:7: component "web": \`source\` ${appDir} is a directory; point \`source\` at the component's .wasm file\n`,
    ]);
  });

  it('refuses a source that is not WebAssembly, as Spin does', async () => {
    const appDir = await app('text', 'app.wasm', Buffer.from('not wasm\n'));
    const run = spinscope(['up', appDir], cache);
    expect([run.status, run.stderr]).toEqual([
      2,
      `Error: ${join(appDir, 'spin.toml')}:7: component "web": \`source\` ${join(appDir, 'app.wasm')} is not a WebAssembly binary (it does not start with \`\\0asm\`); rebuild it, or fix the path\n`,
    ]);
  });

  it('refuses a core module, saying to build a component', async () => {
    const appDir = await app('core', 'core.wasm', Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const run = spinscope(['up', appDir], cache);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `Error: ${join(appDir, 'spin.toml')}:7: component "web": \`source\` ${join(appDir, 'core.wasm')} is a core WebAssembly module, not a component: ` +
        'Spin adapts such modules, Spinscope runs components only; rebuild it with a current Spin SDK, or wrap it with `wasm-tools component new`\n',
    );
  });

  it('names the component and its file when jco cannot compile it', async () => {
    // A component preamble, then a section cut short.
    const appDir = await app('truncated', 'cut.wasm', Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x05]));
    const run = spinscope(['up', appDir], cache);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^Error: component "web": failed to load component from "${join(appDir, 'cut.wasm')}": it is not a valid component \\(.+\\); rebuild it\\n$`));
  });

  it('names the component that imports an interface Spinscope does not implement', async () => {
    const wasm = await buildComponent('unknown-import', 'unknown-import');
    const appDir = await app('unknown-import', 'app.wasm', await readFile(wasm));
    const run = spinscope(['up', appDir], cache);
    expect([run.status, run.stderr]).toEqual([2, 'Error: component "web" imports spinscope:test-guest/not-implemented@0.1.0, which Spinscope does not implement\n']);
  }, 180_000);

  it('refuses a spin.toml that is not UTF-8 with the line and byte offset, as Spin refuses it', async () => {
    const appDir = join(dir, 'latin1');
    await mkdir(appDir);
    const text = manifest('app.wasm').replace('name = "broken"', 'name = "caf\u00e9"');
    await writeFile(join(appDir, 'spin.toml'), Buffer.from(text, 'latin1'));
    const run = spinscope(['up', appDir], cache);
    const offset = text.indexOf('\u00e9');
    expect([run.status, run.stderr]).toEqual([
      2,
      `Error: ${join(appDir, 'spin.toml')}:3: Failed to read Spin app manifest: stream did not contain valid UTF-8: invalid utf-8 sequence at byte offset ${offset}; save the file as UTF-8\n`,
    ]);
  });

  describe('with the listen address taken', () => {
    let taken: Server;

    beforeAll(async () => {
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    });

    afterAll(() => taken?.close());

    it('advises a flag that exists: --listen another address, or port 0', async () => {
      const wasm = await buildWatComponent('response-shapes', 'response-shapes');
      const appDir = await app('port', 'app.wasm', await readFile(wasm));
      const address = `127.0.0.1:${(taken.address() as AddressInfo).port}`;
      const run = spinscope(['up', appDir, '--listen', address], cache);
      expect([run.status, run.stderr]).toEqual([
        2,
        `Error: ${address} is already in use. Stop what is using it, or serve on another address with --listen (e.g. --listen 127.0.0.1:0 for any free port).\n`,
      ]);
    }, 180_000);
  });
});
