import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

describe('spinscope up --rules', () => {
  let dir: string;
  let upstream: Server;
  let upstreamHost: string;
  const hits: string[] = [];
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.end('real');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-up-rules-'));
    const wasm = await buildComponent('probe');
    await writeFile(
      join(dir, 'spin.toml'),
      `spin_manifest_version = 2\n[application]\nname = "up-rules"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n` +
        `[component.web]\nsource = ${JSON.stringify(wasm)}\nallowed_outbound_hosts = ["http://${upstreamHost}"]\n`,
    );
    await writeFile(join(dir, 'my-rules.toml'), `[[rule]]\nname = "stubbed"\nurl = "http://${upstreamHost}/stub"\naction = "stub"\nstatus = 200\nbody = "from the rule"\n`);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('acts with the rules of the file it names, and logs which rule acted', async () => {
    const stdout = { text: '' };
    child = spawn(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--rules', join(dir, 'my-rules.toml')], { env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') } });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout.text += chunk));
    const origin = (await waitForOutput(child, /Serving (http:\/\/127\.0\.0\.1:\d+)/, stdout))[1] ?? '';
    await waitForOutput(child, /Outbound rules: 1 in force from .*my-rules\.toml/, stdout);
    const response = await fetch(`${origin}/fetch?url=${encodeURIComponent(`http://${upstreamHost}/stub`)}`);
    expect(await response.text()).toBe('upstream said 200: from the rule');
    expect(hits).toEqual([]);
    await waitForOutput(child, /web -> http:\/\/127\.0\.0\.1:\d+\/stub 200 \d+ms 13B \[rule "stubbed": stub\]/, stdout);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('refuses a rules file that does not exist, exit 2', () => {
    const result = spawnSync(process.execPath, [BIN, 'up', dir, '--listen', '127.0.0.1:0', '--rules', join(dir, 'missing.toml')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('missing.toml: no such file; write the rules first (docs/rules.md)');
  });
});
