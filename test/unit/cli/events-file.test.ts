import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventsFile } from '../../../runtime/cli/events-file.js';
import { makeReadOnly } from '../../support/read-only.js';

const DIST_EVENTS_FILE = new URL('../../../dist/runtime/cli/events-file.js', import.meta.url).href;
const line = (n: number): string => `{"n":${n}}\n`;

describe('EventsFile', () => {
  let dir: string;
  let warnings: string[];
  const warn = (message: string): void => void warnings.push(message);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-events-file-'));
    warnings = [];
  });

  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses at once a path in a missing directory, a directory, or under a file, saying what to do', async () => {
    await expect(EventsFile.open(join(dir, 'nope', 'events.jsonl'), warn)).rejects.toThrow(
      `--events-out ${join(dir, 'nope', 'events.jsonl')}: directory ${join(dir, 'nope')} does not exist; create it, or choose another path`,
    );
    await expect(EventsFile.open(dir, warn)).rejects.toThrow(`--events-out ${dir}: this is a directory; name a file in it instead, e.g. ${join(dir, 'events.jsonl')}`);
    const file = join(dir, 'file');
    await (await EventsFile.open(file, warn)).close();
    await expect(EventsFile.open(join(file, 'events.jsonl'), warn)).rejects.toMatchObject({ code: 'SPINSCOPE_USAGE' });
  });

  it('refuses a directory it may not write to', async (context) => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    const restore = makeReadOnly(locked);
    if (restore === undefined) return context.skip('this process can write to read-only directories here');
    try {
      // EPERM where the immutable attribute stands in for the mode (as root).
      await expect(EventsFile.open(join(locked, 'events.jsonl'), warn)).rejects.toThrow(
        /^--events-out .*\/locked\/events\.jsonl: cannot write there: (permission denied \(EACCES\)|operation not permitted \(EPERM\)); choose a path you can write to$/,
      );
    } finally {
      restore();
    }
  });

  it('appends lines in order, emptying the file it opens', async () => {
    const file = join(dir, 'events.jsonl');
    const first = await EventsFile.open(file, warn);
    first.append(line(0));
    await first.close();
    const events = await EventsFile.open(file, warn);
    for (let n = 1; n <= 500; n++) events.append(line(n));
    await events.close();
    expect(await readFile(file, 'utf8')).toBe(Array.from({ length: 500 }, (_, index) => line(index + 1)).join(''));
    expect(warnings).toEqual([]);
  });

  it('on a full disk warns once, keeps taking lines, and says at close how many it could not write', async () => {
    const events = await EventsFile.open('/dev/full', warn);
    events.append(line(1));
    await vi.waitFor(() => expect(warnings).toHaveLength(1));
    for (let n = 2; n <= 10; n++) events.append(line(n));
    await events.close();
    expect(warnings).toEqual([
      'cannot write events to /dev/full: no space left on device (ENOSPC). The app keeps serving; events are counted, not written, and the file is tried again every second until writing works.',
      '10 events were not written to /dev/full: no space left on device (ENOSPC)',
    ]);
  });

  it('resumes once the path can be written again, tried a second after the failure, and says how many lines it missed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const file = join(dir, 'events.jsonl');
    await symlink('/dev/full', file);
    const events = await EventsFile.open(file, warn);
    events.append(line(1));
    await vi.waitFor(() => expect(warnings).toHaveLength(1));
    await unlink(file);
    events.append(line(2));
    vi.setSystemTime(Date.now() + 1_000);
    events.append(line(3));
    await vi.waitFor(() => expect(warnings).toHaveLength(2));
    events.append(line(4));
    await events.close();
    expect(warnings[1]).toBe(`writing events to ${file} again; 2 events were not written while it failed`);
    expect(await readFile(file, 'utf8')).toBe(line(3) + line(4));
  });

  it('cuts a line the disk took only part of, so the file holds whole lines', async (context) => {
    if (spawnSync('prlimit', ['--version']).error !== undefined) return context.skip('prlimit (util-linux) is not installed');
    const file = join(dir, 'events.jsonl');
    // RLIMIT_FSIZE: writes past 100 bytes fail with EFBIG (Node ignores SIGXFSZ), after writing up to the limit.
    const script = `
      const { EventsFile } = await import(${JSON.stringify(DIST_EVENTS_FILE)});
      const warnings = [];
      const events = await EventsFile.open(${JSON.stringify(file)}, (message) => warnings.push(message));
      for (let n = 10; n < 15; n++) events.append(JSON.stringify({ n, pad: 'x'.repeat(20) }) + '\\n');
      await events.close();
      console.log(JSON.stringify(warnings));`;
    const run = spawnSync('prlimit', ['--fsize=100', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const warnings = JSON.parse(run.stdout) as string[];
    expect(warnings[0]).toMatch(/^cannot write events to .*: file too large \(EFBIG\)\./);
    // 38-byte lines: two fit, the third was cut at byte 100 and taken back.
    expect(warnings[1]).toBe(`3 events were not written to ${file}: file too large (EFBIG)`);
    const written = await readFile(file, 'utf8');
    expect(written.split('\n').map((text) => (text === '' ? undefined : (JSON.parse(text) as { n: number }).n))).toEqual([10, 11, undefined]);
  });
});
