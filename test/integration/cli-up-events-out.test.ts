import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWatComponent } from '../support/build-wat-component.js';
import { makeReadOnly } from '../support/read-only.js';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const USAGE_HINT = "Run 'spinscope --help' for usage.\n";
const FULL_DISK_WARNING =
  'no space left on device (ENOSPC). The app keeps serving; events are counted, not written, and the file is tried again every second until writing works.';

/** A running `spinscope up` with what it has printed so far. */
interface Up {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: { text: string };
  readonly stderr: { text: string };
  readonly origin: string;
}

async function startUp(args: string[], cacheHome: string): Promise<Up> {
  const child = spawn(process.execPath, [BIN, 'up', ...args, '--listen', '127.0.0.1:0'], { env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cacheHome } });
  const stdout = { text: '' };
  const stderr = { text: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout.text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr.text += chunk));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /Serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout.text);
      if (match) resolve(match[1] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`spinscope up exited with ${code}: ${stderr.text}`)));
  });
  return { child, stdout, stderr, origin };
}

async function stop(up: Up): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => up.child.once('exit', resolve));
  up.child.kill('SIGINT');
  return exited;
}

/** Lines of `text` that start with `Warning: ` and mention `what`. */
function warningsAbout(text: string, what: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('Warning: ') && line.includes(what));
}

describe('spinscope up --events-out', () => {
  let dir: string;
  let cache: string;
  let app: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-events-out-'));
    cache = join(dir, 'cache');
    app = join(dir, 'app');
    await mkdir(app);
    const wasm = JSON.stringify(await buildWatComponent('response-shapes', 'response-shapes'));
    await writeFile(join(app, 'spin.toml'), `spin_manifest_version = 2\n[application]\nname = "events-out"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n[component.web]\nsource = ${wasm}\n`);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a path it cannot write at start, before loading the app, with exit 2', async () => {
    const refused = (path: string) => spawnSync(process.execPath, [BIN, 'up', join(dir, 'no-app'), '--events-out', path], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    const missing = refused(join(dir, 'missing', 'events.jsonl'));
    expect([missing.status, missing.stderr]).toEqual([
      2,
      `Error: --events-out ${join(dir, 'missing', 'events.jsonl')}: directory ${join(dir, 'missing')} does not exist; create it, or choose another path\n${USAGE_HINT}`,
    ]);
    const directory = refused(dir);
    expect([directory.status, directory.stderr]).toEqual([2, `Error: --events-out ${dir}: this is a directory; name a file in it instead, e.g. ${join(dir, 'events.jsonl')}\n${USAGE_HINT}`]);
    const locked = join(dir, 'locked');
    await mkdir(locked);
    const restore = makeReadOnly(locked);
    if (restore === undefined) return;
    try {
      const readOnly = refused(join(locked, 'events.jsonl'));
      expect(readOnly.status).toBe(2);
      expect(readOnly.stderr).toMatch(/^Error: --events-out .*\/locked\/events\.jsonl: cannot write there: .* \((EACCES|EPERM)\); choose a path you can write to\n/);
    } finally {
      restore();
    }
  });

  it('keeps serving on a full disk (/dev/full), warns once, and says at exit how many events it lost', async () => {
    const up = await startUp([app, '--events-out', '/dev/full'], cache);
    for (let request = 0; request < 5; request++) expect((await fetch(`${up.origin}/f`)).status).toBe(200);
    expect(await stop(up)).toBe(0);
    expect(warningsAbout(up.stderr.text, '/dev/full')).toEqual([
      `Warning: cannot write events to /dev/full: ${FULL_DISK_WARNING}`,
      expect.stringMatching(/^Warning: \d+ events were not written to \/dev\/full: no space left on device \(ENOSPC\)$/),
    ]);
    expect(up.stdout.text.match(/GET \/f -> web 200/g)).toHaveLength(5);
  }, 180_000);

  it('resumes writing once the file can be written again, with the count of what it missed as an event', async () => {
    const file = join(dir, 'events.jsonl');
    await symlink('/dev/full', file);
    const up = await startUp([app, '--events-out', file], cache);
    expect((await fetch(`${up.origin}/f?lost`)).status).toBe(200);
    await expect.poll(() => warningsAbout(up.stderr.text, file)).toEqual([`Warning: cannot write events to ${file}: ${FULL_DISK_WARNING}`]);
    // The path now names a new regular file; the next event a second after the failure writes there.
    await unlink(file);
    await expect
      .poll(async () => {
        await fetch(`${up.origin}/f?again`);
        return warningsAbout(up.stderr.text, 'again;');
      }, { timeout: 10_000, interval: 250 })
      .toEqual([expect.stringMatching(new RegExp(`^Warning: writing events to ${file} again; \\d+ events were not written while it failed$`))]);
    expect(await stop(up)).toBe(0);
    const events = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { kind: string; message?: string; pathWithQuery?: string });
    const resumed = events.find((event) => event.kind === 'app.warning');
    expect(resumed?.message).toMatch(/^writing events to .* again; \d+ events were not written while it failed$/);
    expect(events.some((event) => event.pathWithQuery === '/f?lost')).toBe(false);
    expect(events.some((event) => event.pathWithQuery === '/f?again')).toBe(true);
  }, 180_000);
});
