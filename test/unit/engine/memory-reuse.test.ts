import { parse } from '@bytecodealliance/jco';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMemories, MEMORY_IMPORT_MODULE } from '../../../runtime/engine/import-memories.js';
import { MemoryPool } from '../../../runtime/engine/memory-pool.js';
import { transpileComponent } from '../../../runtime/engine/transpile-component.js';
import { buildSpinJsComponent } from '../../support/build-spin-js-component.js';
import { TEST_CACHE_DIR } from '../../support/engine-options.js';

// A guest that writes over its whole first page (data segment included) and can grow; `log` is imported so the rewritten import section keeps an existing import.
const GUEST = `(module
  (import "host" "log" (func $log (param i32)))
  (memory (export "memory") 1 3)
  (global $calls (mut i32) (i32.const 0))
  (data (i32.const 1024) "initial bytes of a fresh instance")
  (func $scribble (export "scribble")
    (local $at i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (loop $next
      (i32.store (local.get $at) (i32.const 0xabcdef01))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get $at) (i32.const 65536)))))
  (func (export "calls") (result i32) (global.get $calls))
  (func (export "grow") (drop (memory.grow (i32.const 1)))))`;

const NO_MEMORY = `(module (func (export "f") (result i32) (i32.const 1)))`;
const NO_IMPORTS = `(module (memory 2) (data (i32.const 8) "x") (func (export "f") (result i32) (i32.load (i32.const 8))))`;

interface Guest {
  memory: WebAssembly.Memory;
  scribble(): void;
  calls(): number;
  grow(): void;
}

const HOST = { host: { log: () => {} } };

const hash = (memory: WebAssembly.Memory): string => createHash('sha256').update(new Uint8Array(memory.buffer)).digest('hex');

async function guest(): Promise<{ original: WebAssembly.Module; rewritten: WebAssembly.Module; pool: MemoryPool; fresh: string }> {
  const binary = await parse(GUEST);
  const { binary: rewrittenBinary, memories } = importMemories(binary);
  const original = new WebAssembly.Module(binary);
  const fresh = hash((new WebAssembly.Instance(original, HOST).exports as unknown as Guest).memory);
  return { original, rewritten: new WebAssembly.Module(rewrittenBinary), pool: new MemoryPool({ 'guest.wasm': memories }), fresh };
}

/** One instance of the rewritten guest with memories leased from `pool`. */
function instantiate(pool: MemoryPool, module: WebAssembly.Module): { exports: Guest; recycle: () => void } {
  const lease = pool.lease();
  const instance = new WebAssembly.Instance(module, lease.withMemories('guest.wasm', HOST));
  return { exports: instance.exports as unknown as Guest, recycle: () => lease.recycle() };
}

describe('importMemories', () => {
  it('turns a defined memory into an import with the same limits, after the existing imports', async () => {
    const { binary, memories } = importMemories(await parse(GUEST));
    expect(memories).toEqual([{ initial: 1, maximum: 3 }]);
    const module = new WebAssembly.Module(binary);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'host', name: 'log', kind: 'function' },
      { module: MEMORY_IMPORT_MODULE, name: 'memory0', kind: 'memory' },
    ]);
    expect(() => new WebAssembly.Instance(module, { ...HOST, [MEMORY_IMPORT_MODULE]: { memory0: new WebAssembly.Memory({ initial: 1 }) } })).toThrow(
      /maximum/,
    );
  });

  it('adds an import section where a module had none, and leaves a module without memory alone', async () => {
    const { binary, memories } = importMemories(await parse(NO_IMPORTS));
    expect(memories).toEqual([{ initial: 2 }]);
    const memory = new WebAssembly.Memory({ initial: 2 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(binary), { [MEMORY_IMPORT_MODULE]: { memory0: memory } });
    expect((instance.exports as { f(): number }).f()).toBe(0x78);
    const plain = await parse(NO_MEMORY);
    expect(importMemories(plain)).toEqual({ binary: plain, memories: [] });
  });

  it('rejects bytes that are not a wasm module', () => {
    expect(() => importMemories(new TextEncoder().encode('not wasm'))).toThrow(/not a wasm 1.0 module/);
  });
});

describe('a reused memory', () => {
  it("starts each request byte-identical to a fresh instance's, with fresh globals", async () => {
    const { rewritten, pool, fresh } = await guest();
    const first = instantiate(pool, rewritten);
    expect(hash(first.exports.memory)).toBe(fresh);
    first.exports.scribble();
    expect(hash(first.exports.memory)).not.toBe(fresh);
    first.recycle();
    expect(pool.spare('guest.wasm')).toBe(1);

    const second = instantiate(pool, rewritten);
    expect(second.exports.memory).toBe(first.exports.memory);
    expect(hash(second.exports.memory)).toBe(fresh);
    expect(second.exports.calls()).toBe(0);
  });

  it('is dropped once it grew, so the next instance starts at the initial size', async () => {
    const { rewritten, pool, fresh } = await guest();
    const grown = instantiate(pool, rewritten);
    grown.exports.scribble();
    grown.exports.grow();
    grown.recycle();
    expect(pool.spare('guest.wasm')).toBe(0);
    const next = instantiate(pool, rewritten);
    expect(next.exports.memory).not.toBe(grown.exports.memory);
    expect(next.exports.memory.buffer.byteLength).toBe(65_536);
    expect(hash(next.exports.memory)).toBe(fresh);
  });

  it('keeps at most two spares per memory', async () => {
    const { rewritten, pool } = await guest();
    const instances = [instantiate(pool, rewritten), instantiate(pool, rewritten), instantiate(pool, rewritten)];
    for (const instance of instances) instance.recycle();
    expect(pool.spare('guest.wasm')).toBe(2);
  });

  it("resets a Spin JS SDK guest's real memory (thousands of data segments) to a fresh instance's bytes", async () => {
    const transpiled = await transpileComponent(await readFile(await buildSpinJsComponent('hello')), TEST_CACHE_DIR);
    const [name, shapes] = Object.entries(transpiled.memories).find(([, shapes]) => shapes.length > 0)!;
    const module = new WebAssembly.Module(await readFile(join(transpiled.dir, name)));
    const stubs: Record<string, Record<string, unknown>> = {};
    for (const { module: from, name: field, kind } of WebAssembly.Module.imports(module)) {
      if (kind !== 'function') continue;
      (stubs[from] ??= {})[field] = () => {
        throw new Error('not called at instantiation');
      };
    }
    const memoryOf = (instance: WebAssembly.Instance): WebAssembly.Memory =>
      Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory) as WebAssembly.Memory;
    const freshLease = new MemoryPool({ [name]: shapes }).lease();
    const fresh = hash(memoryOf(new WebAssembly.Instance(module, freshLease.withMemories(name, stubs))));

    const pool = new MemoryPool({ [name]: shapes });
    const first = pool.lease();
    const used = memoryOf(new WebAssembly.Instance(module, first.withMemories(name, stubs)));
    new Uint8Array(used.buffer).fill(0x5a, 0, used.buffer.byteLength);
    first.recycle();
    const again = memoryOf(new WebAssembly.Instance(module, pool.lease().withMemories(name, stubs)));
    expect(again).toBe(used);
    expect(hash(again)).toBe(fresh);
  });
});
