/**
 * Rewrites a core wasm module so that each memory it defines is imported
 * instead (`spinscope:memory` / `memory<i>`), with the same limits, so a
 * worker can hand a new instance a memory reset from an earlier one, as
 * wasmtime's pooling allocator does. Indices stay put: imported memories come
 * before defined ones, and the new imports go after every existing import.
 */
import { EngineError } from './engine-error.js';

/** The import module a rewritten core module takes its memories from. */
export const MEMORY_IMPORT_MODULE = 'spinscope:memory';

/** A memory's limits in 64 KiB pages, as the module declared it. */
export interface MemoryShape {
  initial: number;
  maximum?: number;
}

/** The rewritten module and the memories it now imports, `memory<i>` being `memories[i]`. */
export interface ImportedMemories {
  binary: Uint8Array;
  memories: MemoryShape[];
}

const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
const IMPORT_MEMORY = 0x02;
const LIMITS_HAS_MAX = 0x01;

/**
 * Returns `binary` with its memory section moved into its imports; unchanged (and no
 * memories) when it defines none, or any that is shared, 64-bit or of a custom page size.
 *
 * @throws {EngineError} when `binary` is not a well-formed wasm module.
 */
export function importMemories(binary: Uint8Array): ImportedMemories {
  const sections = readSections(binary);
  const memory = sections.find((s) => s.id === SECTION_MEMORY);
  if (memory === undefined) return { binary, memories: [] };
  const reader = new Reader(binary, memory.start, memory.end);
  const count = reader.u32();
  const limits: Uint8Array[] = [];
  const memories: MemoryShape[] = [];
  for (let i = 0; i < count; i++) {
    const from = reader.offset;
    const flags = reader.u32();
    if ((flags & ~LIMITS_HAS_MAX) !== 0) return { binary, memories: [] };
    const initial = reader.u32();
    memories.push(flags & LIMITS_HAS_MAX ? { initial, maximum: reader.u32() } : { initial });
    limits.push(binary.subarray(from, reader.offset));
  }
  reader.expectEnd('memory section');

  const entries = limits.map((limit, i) => concat([name(MEMORY_IMPORT_MODULE), name(`memory${i}`), Uint8Array.of(IMPORT_MEMORY), limit]));
  const imports = sections.find((s) => s.id === SECTION_IMPORT);
  let importSection: Uint8Array;
  if (imports === undefined) {
    importSection = section(SECTION_IMPORT, concat([u32(entries.length), ...entries]));
  } else {
    const existing = new Reader(binary, imports.start, imports.end);
    const existingCount = existing.u32();
    importSection = section(SECTION_IMPORT, concat([u32(existingCount + entries.length), binary.subarray(existing.offset, imports.end), ...entries]));
  }

  const parts: Uint8Array[] = [binary.subarray(0, 8)];
  let placed = false;
  for (const s of sections) {
    // A new import section goes before the first known section that must follow it.
    if (!placed && imports === undefined && s.id !== 0 && s.id !== 1) {
      parts.push(importSection);
      placed = true;
    }
    if (s.id === SECTION_MEMORY) continue;
    parts.push(s.id === SECTION_IMPORT ? importSection : binary.subarray(s.headerStart, s.end));
  }
  if (!placed && imports === undefined) parts.push(importSection);
  return { binary: concat(parts), memories };
}

interface Section {
  id: number;
  headerStart: number;
  start: number;
  end: number;
}

function readSections(binary: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (binary.length < 8 || magic.some((byte, i) => binary[i] !== byte)) throw new EngineError('a core module is not a wasm 1.0 module');
  const reader = new Reader(binary, 8, binary.length);
  const sections: Section[] = [];
  while (reader.offset < binary.length) {
    const headerStart = reader.offset;
    const id = reader.byte();
    const size = reader.u32();
    const start = reader.offset;
    const end = start + size;
    if (end > binary.length) throw new EngineError(`a core module's section ${id} runs past its end`);
    sections.push({ id, headerStart, start, end });
    reader.offset = end;
  }
  return sections;
}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
    private readonly end: number,
  ) {}

  byte(): number {
    if (this.offset >= this.end) throw new EngineError('a core module ends in the middle of a section');
    return this.bytes[this.offset++]!;
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new EngineError('a core module has a malformed LEB128 integer');
  }

  expectEnd(what: string): void {
    if (this.offset !== this.end) throw new EngineError(`a core module's ${what} has trailing bytes`);
  }
}

function u32(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return Uint8Array.from(out);
}

function name(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  return concat([u32(bytes.length), bytes]);
}

function section(id: number, contents: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(id), u32(contents.length), contents]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
