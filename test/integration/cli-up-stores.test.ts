/**
 * `spinscope up`'s store flags through the real binary: --runtime-config-file, --state-dir
 * and --sqlite place and prepare the stores a real Spin JS SDK guest then uses, the log
 * says where the default data goes and shows each key-value and SQLite call, and a
 * runtime config Spinscope cannot apply stops it with the file and line.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;

function manifest(wasm: string): string {
  return `spin_manifest_version = 2\n[application]\nname = "stores"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n[component.web]\nsource = ${JSON.stringify(wasm)}\nkey_value_stores = ["default", "cache"]\nsqlite_databases = ["default"]\n`;
}

describe('spinscope up with stores', () => {
  let dir: string;
  let wasm: string;
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let origin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-up-stores-'));
    wasm = await buildSpinJsComponent('storage');
    await writeFile(join(dir, 'spin.toml'), manifest(wasm));
    await writeFile(join(dir, 'runtime-config.toml'), '[key_value_store.cache]\ntype = "spin"\npath = "cache.db"\n');
    child = spawn(
      process.execPath,
      [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--runtime-config-file', 'runtime-config.toml', '--state-dir', 'state', '--sqlite', 'CREATE TABLE notes (body TEXT)'],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') } },
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /Serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`spinscope up exited with ${code}: ${stdout}`)));
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says where the default key-value and SQLite data go, under --state-dir, as spin up does', () => {
    expect(stdout).toContain('Storing default key-value data to "state/sqlite_key_value.db".');
    expect(stdout).toContain('Storing default SQLite data to "state/sqlite_db.db".');
  });

  it('ran the --sqlite statement before serving, uses the runtime config\'s store, and logs each call', async () => {
    const select = await fetch(`${origin}/sql/default`, { method: 'POST', body: JSON.stringify({ statements: [{ sql: "SELECT name FROM sqlite_master WHERE name = 'notes'" }] }) });
    expect(((await select.json()) as { results: unknown[] }).results).toEqual([{ columns: ['name'], rows: [[{ tag: 'text', val: 'notes' }]] }]);
    expect((await fetch(`${origin}/kv/cache/k`, { method: 'PUT', body: 'v' })).status).toBe(200);
    await expect.poll(() => stdout).toContain('web key-value "cache" set "k" ok');
    expect(stdout).toMatch(/web sqlite "default" execute "SELECT name FROM sqlite_master WHERE name = 'notes'" 1 row/);
  });

  it('stops with the file and line of a runtime config store type Spinscope does not support, exit 2', async () => {
    await writeFile(join(dir, 'unsupported.toml'), '[key_value_store.cache]\ntype = "azure_cosmos"\n');
    const result = spawnSync(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--runtime-config-file', join(dir, 'unsupported.toml')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') },
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'unsupported.toml')}:2`);
    expect(result.stderr).toContain('azure_cosmos');
  });
});
