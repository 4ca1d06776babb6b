import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWatComponent } from '../support/build-wat-component.js';
import { waitForOutput } from '../support/wait-for-output.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));

describe('spinscope up runs what spin up runs: duplicate routes, static responses, --env', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  const stdout = { text: '' };
  const stderr = { text: '' };
  let origin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-up-parity-'));
    const wasm = JSON.stringify(await buildWatComponent('response-shapes', 'response-shapes'));
    await writeFile(
      join(dir, 'spin.toml'),
      `spin_manifest_version = 2\n[application]\nname = "parity"\n` +
        `[[trigger.http]]\nroute = "/..."\ncomponent = "first"\n` +
        `[[trigger.http]]\nroute = "/..."\ncomponent = "second"\n` +
        `[[trigger.http]]\nroute = "/bob"\nstatic_response = { status_code = 302, headers = { location = "/users/bob" } }\n` +
        `[component.first]\nsource = ${wasm}\nenvironment = { FROM = "first" }\n` +
        `[component.second]\nsource = ${wasm}\nenvironment = { FROM = "spin.toml", KEEP = "kept" }\n`,
    );
    child = spawn(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '-e', 'FROM=cli', '--env=EXTRA=1'], {
      env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') },
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout.text += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr.text += chunk));
    origin = (await waitForOutput(child, /Serving (http:\/\/127\.0\.0\.1:\d+)/, stdout))[1] ?? '';
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("starts despite the duplicate route and prints Spin's lines for it", () => {
    expect(stderr.text).toBe('Warning: The following component routes are duplicates and will never be used:\n  first: /... (duplicate of second)\n');
  });

  it('lists a static response under its trigger id and serves it', async () => {
    await waitForOutput(child, /Available Routes:\n {2}http-trigger1: \S+\/bob\n {2}second: \S+ \(wildcard\)\n/, stdout);
    const response = await fetch(`${origin}/bob`, { redirect: 'manual' });
    expect([response.status, response.headers.get('location')]).toEqual([302, '/users/bob']);
    await waitForOutput(child, /GET \/bob -> http-trigger1 302 \d+ms 0B/, stdout);
  });

  it('gives the winning component its environment with --env over it', async () => {
    expect(await (await fetch(`${origin}/env`)).text()).toBe('EXTRA=1\nFROM=cli\nKEEP=kept\n');
  });

  it("refuses a malformed --env with Spin's message, before loading anything", () => {
    const run = spawnSync(process.execPath, [BIN, 'up', join(dir, 'missing'), '-e', 'NOPE'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("Error: invalid value 'NOPE' for '--env <ENV>': Environment variable must be of the form `key=value`\nRun 'spinscope --help' for usage.\n");
  });
});
