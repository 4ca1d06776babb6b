/**
 * Reading the files a rules file's stubs answer with (`body_file`, relative to the rules
 * file), within a byte budget: every stub body is held in memory while its rules are in
 * force, so a path to a huge file or a device must not take the process down.
 */
import { open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { OutboundRule } from '../api/contract.js';
import { RulesError, type LineOf } from '../rules/index.js';

/** The most one stub's `body_file` may hold. */
export const MAX_STUB_BODY_BYTES = 16 * 1024 * 1024;
/** The most all of a rules file's stub bodies (`body` and `body_file`) may hold together. */
export const MAX_STUB_BODIES_BYTES = 64 * 1024 * 1024;

/**
 * Each stub's `bodyFile` contents, by the path as written. Throws RulesError naming the rule
 * for a file that cannot be read, or a body that takes the stubs past their budget (a
 * recording that would is refused with it, and the rules in force stay). A body in `held`
 * (already read, or just recorded) is taken from there, within the same budget, not read again.
 */
export async function stubBodies(rules: readonly OutboundRule[], file: string, lineOf: LineOf, held: ReadonlyMap<string, Uint8Array> = new Map()): Promise<Map<string, Uint8Array>> {
  const bodies = new Map<string, Uint8Array>();
  let total = 0;
  for (const [index, rule] of rules.entries()) {
    const { action } = rule;
    if (action.kind !== 'stub') continue;
    const refuse = (field: string, problem: string, cause?: unknown): never => {
      const where = { file, line: lineOf(index, field), rule: `rule "${rule.name}"`, field };
      throw new RulesError(where, problem, cause === undefined ? undefined : { cause });
    };
    if (action.body !== undefined) {
      total += Buffer.byteLength(action.body);
      if (total > MAX_STUB_BODIES_BYTES) refuse('body', `its body takes the stubs past ${MAX_STUB_BODIES_BYTES} bytes, what a rules file's stubs may hold in all`);
    }
    if (action.bodyFile === undefined || bodies.has(action.bodyFile)) continue;
    const path = resolve(dirname(file), action.bodyFile);
    const body = await readBounded(path, MAX_STUB_BODIES_BYTES - total, held.get(action.bodyFile)).catch((error: unknown) =>
      error instanceof BodyTooBig
        ? refuse('body_file', `body_file ${JSON.stringify(action.bodyFile)} is ${error.size} bytes; a stub's body_file may hold ${MAX_STUB_BODY_BYTES} bytes, and a rules file's stubs ${MAX_STUB_BODIES_BYTES} in all`)
        : refuse('body_file', `body_file ${JSON.stringify(action.bodyFile)} cannot be read (${(error as Error).message}); paths are relative to the rules file`, error),
    );
    total += body.byteLength;
    bodies.set(action.bodyFile, body);
  }
  return bodies;
}

class BodyTooBig extends Error {
  constructor(readonly size: number) {
    super(`${size} bytes`);
  }
}

/**
 * A regular file's bytes (or `held`, its bytes as already read), refused unread when it holds
 * more than the limits allow (a device or a FIFO is not a regular file).
 */
async function readBounded(path: string, remaining: number, held: Uint8Array | undefined): Promise<Uint8Array> {
  const limit = Math.min(MAX_STUB_BODY_BYTES, remaining);
  if (held !== undefined) {
    if (held.byteLength > limit) throw new BodyTooBig(held.byteLength);
    return held;
  }
  if (!(await stat(path)).isFile()) throw new Error('not a regular file');
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) throw new BodyTooBig(size);
    // What the file held when measured: bytes it gains meanwhile are not read.
    const body = new Uint8Array(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(body, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return body.subarray(0, read);
  } finally {
    await handle.close();
  }
}
