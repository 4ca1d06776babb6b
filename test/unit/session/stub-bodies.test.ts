import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundRule } from '../../../runtime/api/contract.js';
import { RulesError } from '../../../runtime/rules/index.js';
import { MAX_STUB_BODIES_BYTES, MAX_STUB_BODY_BYTES, stubBodies } from '../../../runtime/session/stub-bodies.js';

const stub = (name: string, bodyFile: string): OutboundRule => ({ name, enabled: true, match: { url: '**' }, action: { kind: 'stub', status: 200, bodyFile } });
const lineOf = (index: number) => 10 + index;

describe('the files stubs answer with (body_file)', () => {
  let dir: string;
  let rulesFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-stub-bodies-'));
    rulesFile = join(dir, 'rules.toml');
    await writeFile(join(dir, 'users.json'), '[{"id":1}]');
    // Sparse: as big as they say, without writing the bytes.
    await writeFile(join(dir, 'huge.bin'), '');
    await truncate(join(dir, 'huge.bin'), MAX_STUB_BODY_BYTES + 1);
    for (const part of [1, 2, 3, 4, 5]) {
      await writeFile(join(dir, `part-${part}.bin`), '');
      await truncate(join(dir, `part-${part}.bin`), MAX_STUB_BODY_BYTES - 1);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads each file once, relative to the rules file', async () => {
    const bodies = await stubBodies([stub('a', 'users.json'), stub('b', './users.json'), stub('c', 'users.json')], rulesFile, lineOf);
    expect(new TextDecoder().decode(bodies.get('users.json'))).toBe('[{"id":1}]');
    expect([...bodies.keys()]).toEqual(['users.json', './users.json']);
  });

  it('refuses, unread, a file over the limit of one stub, naming the rule and its line', async () => {
    const error = await stubBodies([stub('big', 'huge.bin')], rulesFile, lineOf).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RulesError);
    expect(error).toMatchObject({ line: 10, rule: 'rule "big"', field: 'body_file' });
    expect((error as Error).message).toContain(`is ${MAX_STUB_BODY_BYTES + 1} bytes; a stub's body_file may hold ${MAX_STUB_BODY_BYTES} bytes`);
  });

  it('refuses the file that takes the rules file past its budget for all bodies', async () => {
    const rules = [1, 2, 3, 4, 5].map((part) => stub(`part ${part}`, `part-${part}.bin`));
    const error = await stubBodies(rules, rulesFile, lineOf).catch((caught: unknown) => caught);
    expect(MAX_STUB_BODIES_BYTES).toBeLessThan(5 * (MAX_STUB_BODY_BYTES - 1));
    expect(error).toMatchObject({ rule: 'rule "part 5"', line: 14 });
  });

  it('counts inline bodies in the budget too', async () => {
    const inline: OutboundRule = { name: 'inline', enabled: true, match: { url: '**' }, action: { kind: 'stub', status: 200, body: 'x'.repeat(MAX_STUB_BODIES_BYTES - MAX_STUB_BODY_BYTES + 2) } };
    const error = await stubBodies([inline, stub('one more', 'part-1.bin')], rulesFile, lineOf).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ rule: 'rule "one more"', field: 'body_file' });
    const over = await stubBodies([{ ...inline, action: { kind: 'stub', status: 200, body: 'x'.repeat(MAX_STUB_BODIES_BYTES + 1) } }], rulesFile, lineOf).catch((caught: unknown) => caught);
    expect(over).toMatchObject({ rule: 'rule "inline"', field: 'body' });
  });

  it('takes a body already held instead of reading it again, within the same budget', async () => {
    const held = new Map([['recorded/abc.bin', new Uint8Array([1, 2, 3])]]);
    const bodies = await stubBodies([stub('recorded', 'recorded/abc.bin')], rulesFile, lineOf, held);
    expect(bodies.get('recorded/abc.bin')).toBe(held.get('recorded/abc.bin'));
    const tooBig = new Map([['recorded/big.bin', new Uint8Array(MAX_STUB_BODY_BYTES + 1)]]);
    const error = await stubBodies([stub('big', 'recorded/big.bin')], rulesFile, lineOf, tooBig).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ rule: 'rule "big"', field: 'body_file' });
  });

  it('refuses what is not a regular file (a device would never end) and a missing file', async () => {
    const device = await stubBodies([stub('zeros', '/dev/zero')], rulesFile, lineOf).catch((caught: unknown) => caught);
    expect(device).toBeInstanceOf(RulesError);
    expect((device as Error).message).toMatch(/body_file "\/dev\/zero" cannot be read \(not a regular file\)/);
    const missing = await stubBodies([stub('gone', 'missing.json')], rulesFile, lineOf).catch((caught: unknown) => caught);
    expect((missing as Error).message).toMatch(/body_file "missing.json" cannot be read \(ENOENT.*\); paths are relative to the rules file/);
  });
});
