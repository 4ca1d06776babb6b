import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { watchApp } from '../../runtime/watch/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

/** More than one 64 KiB read, so streaming a file takes several chunks. */
const LARGE = Buffer.from(Array.from({ length: 200_000 }, (_, index) => index % 251));

function manifest(wasm: string, files: string): string {
  return `spin_manifest_version = 2
[application]
name = "mounts"
[[trigger.http]]
route = "/files/..."
component = "with-files"
[[trigger.http]]
route = "/plain/..."
component = "plain"
[component.with-files]
source = "${wasm}"
files = ${files}
exclude_files = ["pages/drafts/*"]
[component.plain]
source = "${wasm}"
`;
}

const FILES = `[
  "static/*.txt",
  "pages",
  { source = "assets", destination = "/assets" },
  { source = "config.json", destination = "/etc/app.json" },
]`;

describe('component files, read by a real guest through wasi:filesystem', () => {
  let dir: string;
  let wasm: string;
  let app: RunningApp;

  const get = async (path: string): Promise<{ status: number; body: Buffer }> => {
    const response = await fetch(`${app.url}${path}`);
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };
  const text = async (path: string): Promise<string> => (await get(path)).body.toString('utf8');

  beforeAll(async () => {
    wasm = await buildComponent('files', 'files');
    dir = await mkdtemp(join(tmpdir(), 'spinscope-files-'));
    const write = async (name: string, contents: string | Buffer): Promise<void> => {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), contents);
    };
    await write('static/a.txt', 'glob-matched a');
    await write('static/b.md', 'not matched by the glob');
    await write('pages/index.html', '<h1>pages</h1>');
    await write('pages/drafts/wip.html', 'excluded draft');
    await write('assets/logo.svg', '<svg/>');
    await write('assets/large.bin', LARGE);
    await write('config.json', '{"placed":true}');
    await writeFile(join(dir, 'spin.toml'), manifest(wasm, FILES));
    app = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('preopens "/" for a component with files, and nothing for one without', async () => {
    expect(await text('/files/preopens')).toBe('/');
    expect(await get('/plain/preopens')).toMatchObject({ status: 200, body: Buffer.from('') });
    expect(await text('/plain/read?path=static/a.txt')).toBe('error: no preopen');
  });

  it('reads each mount form at the path Spin copies it to', async () => {
    expect(await text('/files/read?path=static/a.txt')).toBe('glob-matched a');
    expect(await text('/files/read?path=pages/pages/index.html')).toBe('<h1>pages</h1>');
    expect(await text('/files/read?path=assets/logo.svg')).toBe('<svg/>');
    expect(await text('/files/read?path=etc/app.json')).toBe('{"placed":true}');
    expect(await text('/files/list?path=assets')).toBe('large.bin\nlogo.svg');
  });

  it('streams a file larger than one read, byte for byte, and reads at an offset', async () => {
    expect((await get('/files/read?path=assets/large.bin')).body.equals(LARGE)).toBe(true);
    expect((await get('/files/read-at?path=assets/large.bin&offset=70000&length=10')).body.equals(LARGE.subarray(70_000, 70_010))).toBe(true);
  });

  it('leaves out excluded files and files no mount matches', async () => {
    expect(await text('/files/read?path=pages/pages/drafts/wip.html')).toBe('error: no-entry');
    expect(await text('/files/read?path=static/b.md')).toBe('error: no-entry');
    expect(await text('/files/read?path=spin.toml')).toBe('error: no-entry');
  });

  it('refuses every write as wasmtime refuses it for a read-only preopen', async () => {
    expect(await text('/files/create?path=new.txt')).toBe('error: not-permitted');
    expect(await text('/files/write?path=static/a.txt')).toBe('error: not-permitted');
    expect(await text('/files/mkdir?path=newdir')).toBe('error: not-permitted');
    expect(await text('/files/unlink?path=static/a.txt')).toBe('error: not-permitted');
    expect(await readFile(join(dir, 'static/a.txt'), 'utf8')).toBe('glob-matched a');
  });

  it('cannot climb out of the mount with `..` or an absolute path', async () => {
    expect(await text('/files/read?path=../spin.toml')).toBe('error: not-permitted');
    expect(await text('/files/read?path=assets/../../config.json')).toBe('error: not-permitted');
    expect(await text(`/files/read?path=${encodeURIComponent(join(dir, 'config.json'))}`)).toBe('error: not-permitted');
    expect(await text('/files/read?path=assets/../etc/app.json')).toBe('{"placed":true}');
  });

  it('restarts only the component whose files changed on reload, and shows the new file', async () => {
    await writeFile(join(dir, 'static/c.txt'), 'added later');
    expect(await text('/files/read?path=static/c.txt')).toBe('error: no-entry');
    const reload = await app.reload();
    expect(reload.changes.restarted).toEqual(['with-files']);
    expect(await text('/files/read?path=static/c.txt')).toBe('added later');
  });

  it('under watch, reloads when a file appears where a mount reads, and serves it', async () => {
    const watcher = await watchApp(app);
    try {
      await writeFile(join(dir, 'assets/new.txt'), 'seen by the watcher');
      await expect.poll(() => text('/files/read?path=assets/new.txt'), { timeout: 30_000, interval: 100 }).toBe('seen by the watcher');
    } finally {
      await watcher.close();
    }
  });
});
