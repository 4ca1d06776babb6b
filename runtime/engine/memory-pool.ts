/**
 * A worker's spare linear memories, for core modules rewritten by
 * `importMemories`. Allocating, faulting in and later freeing a new memory
 * for every instance was most of an instance's cost; a memory handed back
 * after a request that finished cleanly is zero-filled, which with the data
 * segments the new instance applies gives exactly a fresh instance's initial
 * bytes. A memory that grew, or whose request trapped, is never reused.
 */
import { MEMORY_IMPORT_MODULE, type MemoryShape } from './import-memories.js';

const PAGE_BYTES = 65_536;

/** Memories kept per (module, memory): one for the spare instance, one being handed back. */
const DEFAULT_CAPACITY = 2;

interface Held {
  key: string;
  memory: WebAssembly.Memory;
  shape: MemoryShape;
}

/** The memories one instance took; hand them back with `recycle` only if its request finished without trapping. */
export class MemoryLease {
  readonly #held: Held[] = [];

  constructor(private readonly pool: MemoryPool) {}

  /** `imports` plus the memories `module` (a core module file name) imports, taken from the pool. */
  withMemories(module: string, imports: WebAssembly.Imports): WebAssembly.Imports {
    const shapes = this.pool.shapes[module];
    if (shapes === undefined || shapes.length === 0) return imports;
    const memories: Record<string, WebAssembly.Memory> = {};
    for (const [i, shape] of shapes.entries()) {
      const key = `${module}\0${i}`;
      const memory = this.pool.take(key, shape);
      this.#held.push({ key, memory, shape });
      memories[`memory${i}`] = memory;
    }
    return { ...imports, [MEMORY_IMPORT_MODULE]: memories };
  }

  /** Returns the memories to the pool, reset; a memory that grew is dropped. Call once, after a clean request. */
  recycle(): void {
    for (const held of this.#held.splice(0)) this.pool.give(held);
  }
}

/** Spare memories by core module and index. */
export class MemoryPool {
  readonly #free = new Map<string, WebAssembly.Memory[]>();

  /** `shapes`: per core module file name, the memories it imports (`TranspiledComponent.memories`). */
  constructor(
    readonly shapes: Readonly<Record<string, readonly MemoryShape[]>>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  lease(): MemoryLease {
    return new MemoryLease(this);
  }

  /** How many reset memories wait for `module`'s memory `index`. */
  spare(module: string, index = 0): number {
    return this.#free.get(`${module}\0${index}`)?.length ?? 0;
  }

  /** @internal for `MemoryLease` */
  take(key: string, shape: MemoryShape): WebAssembly.Memory {
    return this.#free.get(key)?.pop() ?? new WebAssembly.Memory(shape);
  }

  /** @internal for `MemoryLease` */
  give({ key, memory, shape }: Held): void {
    if (memory.buffer.byteLength !== shape.initial * PAGE_BYTES) return;
    const free = this.#free.get(key) ?? [];
    if (free.length >= this.capacity) return;
    new Uint8Array(memory.buffer).fill(0);
    free.push(memory);
    this.#free.set(key, free);
  }
}
