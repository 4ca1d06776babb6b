import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKeyValueStore, SqliteConnection } from '../../runtime/storage/index.js';

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
