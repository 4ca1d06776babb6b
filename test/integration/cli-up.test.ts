import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../support/build-component.js';
import { waitForOutput } from '../support/wait-for-output.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;

describe('spinscope up', () => {
  let dir: string;
  let upstream: Server;
  let child: ChildProcessWithoutNullStreams;
  const stdout = { text: '' };
  let stderr = '';
  let origin: string;

  beforeAll(async () => {
    upstream = createServer((_request, response) => response.end('fine'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-up-'));
    const wasm = await buildComponent('probe');
    await writeFile(
      join(dir, 'spin.toml'),
      `spin_manifest_version = 2\n[application]\nname = "up-test"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n` +
        `[component.web]\nsource = ${JSON.stringify(wasm)}\nallowed_outbound_hosts = ["http://${upstreamHost}"]\n`,
    );
    child = spawn(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--events-out', join(dir, 'events.jsonl')], {
      env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') },
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout.text += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    origin = (await waitForOutput(child, /Serving (http:\/\/127\.0\.0\.1:\d+)/, stdout))[1] ?? '';
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the app from a directory, lists its routes, and logs each request with its outbound calls', async () => {
    await waitForOutput(child, /Available Routes:\n {2}web: http:\/\/127\.0\.0\.1:\d+ \(wildcard\)/, stdout);
    expect(stdout.text).toContain(`Available Routes:\n  web: ${origin}`);
    expect(await (await fetch(`${origin}/hi`)).text()).toBe('hello from /hi');
    await waitForOutput(child, /GET \/hi -> web 200 \d+ms \d+B/, stdout);
    const denied = `http://127.0.0.1:1/nope`;
    expect((await fetch(`${origin}/fetch?url=${encodeURIComponent(denied)}`)).status).toBe(500);
    await waitForOutput(child, /To allow this request, add 'allowed_outbound_hosts = \["http:\/\/127\.0\.0\.1:1"\]'/, stdout);
    expect(stdout.text).toContain("Warning: A component tried to make an outbound network connection to disallowed destination 'http://127.0.0.1:1'.");
  });

  it('stops on SIGINT with exit code 0, having written every event as JSON lines', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const events = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(events[0]?.kind).toBe('app.loaded');
    expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(['inbound.request', 'inbound.response', 'outbound.denied']));
    expect(stderr).toBe('');
  });
});

describe('spinscope up --watch', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let upstream: Server;
  let origin: string;
  const stdout = { text: '' };

  beforeAll(async () => {
    upstream = createServer((_request, response) => response.end('fine'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    dir = await mkdtemp(join(tmpdir(), 'spinscope-up-watch-'));
    const wasm = await buildComponent('probe');
    await writeFile(join(dir, 'spin.toml'), watchedManifest(wasm, '[]'));
    child = spawn(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--watch'], { env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') } });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout.text += chunk));
    origin = (await waitForOutput(child, /Serving (http:\/\/127\.0\.0\.1:\d+)/, stdout))[1] ?? '';
    await waitForOutput(child, /Watching \d+ files/, stdout);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('closes the loop from the command line: a denial prints the hosts allow command, which reloads the app to allow it', async () => {
    const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/data`;
    const call = () => fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`);
    const since = stdout.text.length;
    const newOutput = { get text() { return stdout.text.slice(since); } };
    expect((await call()).status).toBe(500);
    const [, command = ''] = await waitForOutput(child, /Or run: (spinscope hosts allow .*)\n/, newOutput);
    const args = [...command.matchAll(/'([^']*)'|(\S+)/g)].map(([, quoted, bare]) => quoted ?? bare ?? '').slice(1);
    const allow = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(allow.stdout).toMatch(/now also allows http:\/\/127\.0\.0\.1:\d+\n$/);
    await waitForOutput(child, /Reloaded in \d+ms \(spin\.toml\): allowed_outbound_hosts of web/, newOutput);
    expect(await (await call()).text()).toBe('upstream said 200: fine');
  });

  it('prints a reload line naming the file and what changed when spin.toml is edited', async () => {
    await writeFile(join(dir, 'spin.toml'), watchedManifest(await buildComponent('probe'), '["https://api.example.test"]'));
    const [line] = await waitForOutput(child, /Reloaded in \d+ms \(spin\.toml\): allowed_outbound_hosts of web/, stdout);
    expect(line).toBeDefined();
  });
});

function watchedManifest(wasm: string, hosts: string): string {
  return `spin_manifest_version = 2\n[application]\nname = "watched"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n[component.web]\nsource = ${JSON.stringify(wasm)}\nallowed_outbound_hosts = ${hosts}\n`;
}
