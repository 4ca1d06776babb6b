import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKeyValueStore, SqliteConnection } from '../../runtime/storage/index.js';
import { nodeSqliteDriver } from '../../runtime/storage/node-sqlite-driver.js';
import { DRIVER_VARIABLE } from '../../runtime/storage/open-connection.js';

// Guests call the stores synchronously from worker threads, each thread with its own
// connections; a worker runs plain JS, so it loads the storage layer from dist/ (built by
// test/global-setup.ts).
const STORAGE = new URL('../../dist/runtime/storage/index.js', import.meta.url).href;

function runWorker(source: string, data: unknown): Promise<unknown> {
  const worker = new Worker(`import(${JSON.stringify(STORAGE)}).then(async (storage) => { ${source} })`, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before answering`)));
  });
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spinscope-threads-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('stores shared by worker threads', () => {
  it('two threads incrementing one key 500 times each end at 1000', async () => {
    const file = path.join(dir, 'sqlite_key_value.db');
    const increment = `
      const { parentPort, workerData } = await import('node:worker_threads');
      const store = storage.openKeyValueStore({ kind: 'file', path: workerData.file }, 'default');
      const seen = [];
      for (let i = 0; i < 500; i++) seen.push(store.increment('hits', 1n));
      store.close();
      parentPort.postMessage(seen);
    `;
    const results = (await Promise.all([runWorker(increment, { file }), runWorker(increment, { file })])) as bigint[][];

    const store = openKeyValueStore({ kind: 'file', path: file }, 'default');
    expect(store.increment('hits', 0n)).toBe(1000n);
    store.close();
    // Every increment saw a distinct value: none was lost or applied twice.
    expect(new Set(results.flat()).size).toBe(1000);
  });

  it("one thread's committed SQLite rows are seen by another's connection", async () => {
    const file = path.join(dir, 'sqlite_db.db');
    const writer = `
      const { parentPort, workerData } = await import('node:worker_threads');
      const db = new storage.SqliteConnection({ kind: 'file', path: workerData.file });
      db.execute('CREATE TABLE IF NOT EXISTS t (n INTEGER)', []);
      for (let i = 0; i < 200; i++) db.execute('INSERT INTO t VALUES (?)', [{ tag: 'integer', val: BigInt(i) }]);
      db.close();
      parentPort.postMessage('done');
    `;
    await Promise.all([runWorker(writer, { file }), runWorker(writer, { file })]);
    const db = new SqliteConnection({ kind: 'file', path: file });
    expect(db.execute('SELECT count(*), sum(n) FROM t', []).rows).toEqual([
      [
        { tag: 'integer', val: 400n },
        { tag: 'integer', val: 2n * 19900n },
      ],
    ]);
    db.close();
  });
});

// What Electron's preload does in its main process and in every worker thread (Node copies
// the embedder preload into workers, node_worker.cc), plus a trap: loading better-sqlite3's
// native addon fails loudly.
const ELECTRON_PRELOAD = `
  Object.defineProperty(process.versions, 'electron', { value: '45.4.1' });
  const dlopen = process.dlopen;
  process.dlopen = function (module, filename, ...rest) {
    if (filename.includes('better_sqlite3')) throw new Error('better-sqlite3 was loaded: ' + filename);
    return dlopen.call(this, module, filename, ...rest);
  };
`;

const unavailable = nodeSqliteDriver.unavailable();

describe.skipIf(unavailable !== undefined)(`in Electron${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  it('the runtime and its worker threads use node:sqlite and never load better-sqlite3', () => {
    const file = path.join(dir, 'sqlite_key_value.db');
    const script = path.join(dir, 'electron-main.mjs');
    writeFileSync(
      script,
      `
      import { Worker } from 'node:worker_threads';
      await import(${JSON.stringify(new URL('../../dist/runtime/index.js', import.meta.url).href)});
      const storage = await import(${JSON.stringify(STORAGE)});
      const store = storage.openKeyValueStore({ kind: 'file', path: ${JSON.stringify(file)} }, 'default');
      store.increment('hits', 1n);
      store.close();
      const worker = new Worker(\`
        import { parentPort } from 'node:worker_threads';
        const storage = await import(${JSON.stringify(STORAGE)});
        const store = storage.openKeyValueStore({ kind: 'file', path: ${JSON.stringify(file)} }, 'default');
        parentPort.postMessage({ electron: process.versions.electron, hits: String(store.increment('hits', 1n)) });
        store.close();
      \`, { eval: true });
      worker.once('message', (message) => console.log(JSON.stringify(message)));
      worker.once('error', (error) => { console.error(error); process.exitCode = 1; });
      `,
    );
    const env = { ...process.env };
    delete env[DRIVER_VARIABLE];
    const child = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(ELECTRON_PRELOAD)}`, script], { env, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ electron: '45.4.1', hits: '2' });
  });
});
