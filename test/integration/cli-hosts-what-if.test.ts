import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../support/build-component.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;

/** One run of the built `spinscope` binary. */
function spinscope(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('spinscope hosts what-if and hosts audit on a session recorded by up --events-out', () => {
  let dir: string;
  let server: Server;
  let upstream: string;
  let wasm: string;
  const events = (): string => join(dir, 'events.jsonl');
  /** Writes a spin.toml for the recorded app with `hosts` as the web component's list; returns its path. */
  const manifest = async (name: string, hosts: readonly string[]): Promise<string> => {
    const file = join(dir, name);
    await writeFile(
      file,
      `spin_manifest_version = 2\n[application]\nname = "what-if"\n[variables]\nupstream = { default = "${upstream}" }\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n` +
        `[component.web]\nsource = ${JSON.stringify(wasm)}\nallowed_outbound_hosts = ${JSON.stringify(hosts)}\n`,
    );
    return file;
  };

  beforeAll(async () => {
    server = createServer((_request, response) => response.end('fine'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    upstream = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-what-if-'));
    wasm = await buildComponent('probe');
    const recorded = await manifest('spin.toml', ['http://{{ upstream }}', 'https://*.unused.test']);
    const child = spawn(process.execPath, [BIN, 'up', '-f', recorded, '--listen', '127.0.0.1:0', '--events-out', events()], {
      env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache') },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const match = /Serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1] ?? '');
      });
      child.once('exit', (code) => reject(new Error(`spinscope up exited with ${code}`)));
    });
    const via = async (target: string): Promise<number> => (await fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`)).status;
    expect(await via(`http://${upstream}/allowed`)).toBe(200);
    // A self request (spec §9.40); the JS guest's fetch would resolve a bare path against its own URL.
    expect(await via('http://self.alt/count')).toBe(500);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 with no change when the manifest is the one the session ran', async () => {
    const run = spinscope(['hosts', 'what-if', '--events', events(), '-f', join(dir, 'spin.toml')]);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, 'web: no change over 2 recorded calls\n', '']);
  });

  it('exits 1 and names the call, its trace and the entry that allowed it when an allowed call would be denied', async () => {
    const run = spinscope(['hosts', 'what-if', '--events', events(), '-f', await manifest('narrower.toml', ['https://{{ upstream }}'])]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^web: 1 of 2 recorded calls would change\\n  allowed -> denied  GET http://${upstream}/allowed  \\(was allowed by http://\\{\\{ upstream \\}\\}; trace \\S+, event \\S+\\)\\n$`),
    );
  });

  it('exits 0 when the only change allows a call that was denied', async () => {
    const run = spinscope(['hosts', 'what-if', '--events', events(), '-f', await manifest('wider.toml', ['http://{{ upstream }}', 'http://self']), '--component', 'web']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^web: 1 of 2 recorded calls would change\n {2}denied -> allowed {2}GET http:\/\/self\.alt\/count {2}\(would be allowed by http:\/\/self; trace \S+, event \S+\)\n$/);
  });

  it('--json prints the what-if of each component as one object', async () => {
    const run = spinscope(['hosts', 'what-if', '--json', '--events', events(), '-f', await manifest('narrower.toml', ['https://{{ upstream }}'])]);
    expect(JSON.parse(run.stdout)).toMatchObject({ component: 'web', calls: 2, changes: [{ call: { method: 'GET', url: `http://${upstream}/allowed` }, before: { allowed: true }, after: { allowed: false } }] });
  });

  it('audit prints the unused and too-broad entries and the narrowest list, exit 0', async () => {
    const broad = await manifest('broad.toml', ['*://127.0.0.1:*', 'https://*.unused.test']);
    const run = spinscope(['hosts', 'audit', '--events', events(), '-f', broad]);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(
      [
        'web: 1 of 2 recorded calls allowed',
        `  too broad  *://127.0.0.1:*  (1 call; any scheme (*://), every port (:*); narrow to http://${upstream})`,
        '  unused     https://*.unused.test',
        '  narrowest list:',
        '    allowed_outbound_hosts = [',
        `        "http://${upstream}",`,
        '    ]',
        '',
      ].join('\n'),
    );
    const json = spinscope(['hosts', 'audit', '--json', '--events', events(), '-f', broad]);
    expect(JSON.parse(json.stdout)).toMatchObject({ component: 'web', narrowed: [`http://${upstream}`], allowedCalls: 1, calls: 2 });
  });

  it('exits 2 for bad input: no --events, a missing file, a line that is not an event, an unknown component', async () => {
    const spin = join(dir, 'spin.toml');
    expect(spinscope(['hosts', 'what-if', '-f', spin])).toMatchObject({ status: 2, stderr: expect.stringContaining('hosts what-if needs the recorded session') });
    expect(spinscope(['hosts', 'audit', '--events', join(dir, 'missing.jsonl'), '-f', spin])).toMatchObject({ status: 2, stderr: expect.stringContaining('missing.jsonl: no such file') });
    const broken = join(dir, 'broken.jsonl');
    await writeFile(broken, `${(await readFile(events(), 'utf8')).split('\n')[0]}\nnot json\n`);
    expect(spinscope(['hosts', 'what-if', '--events', broken, '-f', spin])).toMatchObject({ status: 2, stderr: expect.stringContaining(`${broken}:2: not a line of JSON`) });
    expect(spinscope(['hosts', 'what-if', '--events', events(), '-f', spin, '--component', 'nope'])).toMatchObject({ status: 2, stderr: expect.stringContaining('has no component "nope"; its components are: web') });
  });
});
