// Instances of real guests made in this thread the way a worker makes them (guest-worker.ts):
// what memory each request starts with, after clean requests, growth and traps.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareGuest, type GuestInstance, type ResponseSink } from '../../runtime/engine/guest-instance.js';
import { GuestTrap } from '../../runtime/engine/guest-trap.js';
import type { MemoryShape } from '../../runtime/engine/import-memories.js';
import { MemoryPool } from '../../runtime/engine/memory-pool.js';
import { transpileComponent } from '../../runtime/engine/transpile-component.js';
import { denyingLink } from '../../runtime/host/outbound-link.js';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { TEST_CACHE_DIR } from '../support/engine-options.js';
import { recordingServices } from '../support/recording-services.js';

const BUILD_TIMEOUT_MS = 180_000;

/** A pool that remembers every memory it hands out, newest last. */
class WatchedPool extends MemoryPool {
  readonly handedOut: WebAssembly.Memory[] = [];

  override take(key: string, shape: MemoryShape): WebAssembly.Memory {
    const memory = super.take(key, shape);
    this.handedOut.push(memory);
    return memory;
  }
}

interface Guest {
  pool: WatchedPool;
  module: string;
  /** A new instance, and the hash of its memory as it starts, before any request. */
  create(): Promise<{ instance: GuestInstance; memory: WebAssembly.Memory; startHash: string }>;
}

const hash = (memory: WebAssembly.Memory): string => createHash('sha256').update(new Uint8Array(memory.buffer)).digest('hex');

async function loadGuest(wasm: string): Promise<Guest> {
  const transpiled = await transpileComponent(await readFile(wasm), TEST_CACHE_DIR);
  const modules: Record<string, WebAssembly.Module> = {};
  for (const name of transpiled.coreModules) modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
  const [module] = Object.entries(transpiled.memories).find(([, shapes]) => shapes.length > 0)!;
  const pool = new WatchedPool(transpiled.memories);
  const factory = await prepareGuest(transpiled.gluePath, modules, pool, {
    outbound: denyingLink(),
    variables: new Map(),
    services: recordingServices([]).services,
  });
  return {
    pool,
    module,
    create: async () => {
      const instance = await factory();
      const memory = pool.handedOut.at(-1)!;
      return { instance, memory, startHash: hash(memory) };
    },
  };
}

function collect(): { sink: ResponseSink; status: () => number | undefined; text: () => string } {
  let status: number | undefined;
  const chunks: Uint8Array[] = [];
  let taken = 0;
  const body = (bytes: Uint8Array): void => {
    chunks.push(bytes);
    taken += bytes.length;
  };
  return {
    sink: { head: (code) => (status = code), body, abort: () => {}, taken: () => taken },
    status: () => status,
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

const get = (pathWithQuery: string) => ({ method: 'GET', pathWithQuery, headers: [] as [string, string][] });

describe('linear memory across requests', () => {
  it(
    'a Spin JS SDK guest starts every request with a fresh instance\'s bytes, and gets a new memory after it grew',
    async () => {
      const guest = await loadGuest(await buildSpinJsComponent('hello'));
      const first = await guest.create();
      const answer = collect();
      first.instance.handle(get('/secret?token=first-request'), new Uint8Array(), answer.sink);
      expect([answer.status(), answer.text()]).toEqual([200, 'hello from /secret?token=first-request']);
      expect(hash(first.memory)).not.toBe(first.startHash);
      first.instance.recycle();
      expect(guest.pool.spare(guest.module)).toBe(1);

      const second = await guest.create();
      expect(second.memory).toBe(first.memory);
      expect(second.startHash).toBe(first.startHash);
      expect(Buffer.from(second.memory.buffer).includes('first-request')).toBe(false);

      // A path longer than the free part of its memory makes the guest grow it.
      const initialBytes = second.memory.buffer.byteLength;
      const long = `/grow?${'x'.repeat(initialBytes)}`;
      const grown = collect();
      second.instance.handle(get(long), new Uint8Array(), grown.sink);
      expect(grown.text()).toBe(`hello from ${long}`);
      expect(second.memory.buffer.byteLength).toBeGreaterThan(initialBytes);
      second.instance.recycle();
      expect(guest.pool.spare(guest.module)).toBe(0);

      const third = await guest.create();
      expect(third.memory).not.toBe(second.memory);
      expect(third.memory.buffer.byteLength).toBe(initialBytes);
      expect(third.startHash).toBe(first.startHash);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'a guest that traps never hands its memory on; the next instance starts fresh',
    async () => {
      const guest = await loadGuest(await buildWatComponent('trap', 'trap'));
      const trapped = await guest.create();
      expect(() => trapped.instance.handle(get('/'), new Uint8Array(), collect().sink)).toThrow(GuestTrap);
      trapped.instance.recycle();
      expect(guest.pool.spare(guest.module)).toBe(0);

      const next = await guest.create();
      expect(next.memory).not.toBe(trapped.memory);
      expect(next.startHash).toBe(trapped.startHash);
    },
    BUILD_TIMEOUT_MS,
  );
});
