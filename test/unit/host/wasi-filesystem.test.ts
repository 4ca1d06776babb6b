import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MountedFiles } from '../../../runtime/host/mounted-files.js';
import { wasiFilesystem } from '../../../runtime/host/wasi-filesystem.js';
import type { InputStream } from '../../../runtime/host/wasi-io.js';

// The host as jco's glue calls it: untyped values in, `{ tag, val }` results out.
type Result = { tag: 'ok'; val: any } | { tag: 'err'; val: any };
type Method =
  | 'readViaStream' | 'writeViaStream' | 'appendViaStream' | 'advise' | 'syncData' | 'getFlags' | 'getType' | 'setSize'
  | 'setTimes' | 'read' | 'write' | 'readDirectory' | 'sync' | 'createDirectoryAt' | 'stat' | 'statAt' | 'setTimesAt'
  | 'linkAt' | 'openAt' | 'readlinkAt' | 'removeDirectoryAt' | 'renameAt' | 'symlinkAt' | 'unlinkFileAt' | 'isSameObject'
  | 'metadataHash' | 'metadataHashAt';
type Descriptor = Record<Method, (...args: any[]) => any>;

let dir: string;
let files: MountedFiles;
const LARGE = Buffer.from(Array.from({ length: 150_000 }, (_, index) => index % 253));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'spinscope-wasi-fs-'));
  await writeFile(path.join(dir, 'a.txt'), 'hello');
  await writeFile(path.join(dir, 'large.bin'), LARGE);
  await writeFile(path.join(dir, 'outside-secret'), 'secret');
  await symlink(path.join(dir, 'outside-secret'), path.join(dir, 'link-to-outside'));
  files = {
    directories: ['static', 'static/img', 'empty'],
    files: new Map([
      ['static/a.txt', path.join(dir, 'a.txt')],
      ['static/img/large.bin', path.join(dir, 'large.bin')],
      ['linked.txt', path.join(dir, 'link-to-outside')],
      ['gone.txt', path.join(dir, 'deleted-after-load')],
    ]),
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function preopens(mounted?: MountedFiles): [Descriptor, string][] {
  const preopensInterface = wasiFilesystem(mounted)['wasi:filesystem/preopens'] as { getDirectories(): [Descriptor, string][] };
  return preopensInterface.getDirectories();
}

function root(): Descriptor {
  const [[descriptor]] = preopens(files) as [[Descriptor, string]];
  return descriptor;
}

const READ = { read: true };

function open(path: string, at: Descriptor = root()): Descriptor {
  const opened = at.openAt({}, path, {}, READ) as Result;
  if (opened.tag === 'err') throw new Error(`open ${path}: ${opened.val}`);
  return opened.val;
}

function errorOf(result: Result): string | undefined {
  return result.tag === 'err' ? result.val : undefined;
}

function drain(stream: InputStream): Buffer {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const read = stream.blockingRead(1_000_000n);
    if (read.tag === 'err') {
      expect(read.val.tag).toBe('closed');
      return Buffer.concat(chunks);
    }
    expect(read.val.byteLength).toBeLessThanOrEqual(64 * 1024);
    chunks.push(read.val);
  }
}

describe('wasi:filesystem preopens', () => {
  it('has none without files', () => {
    expect(preopens()).toEqual([]);
  });

  it('has one read-only directory "/", a new handle per call', () => {
    const [first, second] = [preopens(files), preopens(files)];
    expect(first.map(([, name]) => name)).toEqual(['/']);
    expect(first[0]?.[0]).not.toBe(second[0]?.[0]);
    expect(first[0]?.[0]?.isSameObject(second[0]?.[0])).toBe(true);
    expect(root().getType()).toEqual({ tag: 'ok', val: 'directory' });
    expect(root().getFlags()).toEqual({
      tag: 'ok',
      val: { read: true, write: false, fileIntegritySync: false, dataIntegritySync: false, requestedWriteSync: false, mutateDirectory: false },
    });
  });
});

describe('reading the mounted tree', () => {
  it('reads a file with read(), reporting the end only on an empty read, as wasmtime does', () => {
    const file = open('static/a.txt');
    expect(file.read(100n, 0n)).toEqual({ tag: 'ok', val: [new Uint8Array(Buffer.from('hello')), false] });
    expect(file.read(2n, 3n)).toEqual({ tag: 'ok', val: [new Uint8Array(Buffer.from('lo')), false] });
    expect(file.read(100n, 5n)).toEqual({ tag: 'ok', val: [new Uint8Array(), true] });
  });

  it('streams a file in reads of at most 64 KiB, from any offset', () => {
    expect(drain(open('static/img/large.bin').readViaStream(0n).val).equals(LARGE)).toBe(true);
    expect(drain(open('static/img/large.bin').readViaStream(100_000n).val).equals(LARGE.subarray(100_000))).toBe(true);
    expect(drain(open('static/a.txt').readViaStream(99n).val)).toEqual(Buffer.alloc(0));
  });

  it('reads a mounted symlink as the file it points to, as Spin copied it', () => {
    expect(drain(open('linked.txt').readViaStream(0n).val).toString()).toBe('secret');
  });

  it('stats files live and directories as the copy would', () => {
    expect(root().statAt({}, 'static/img/large.bin')).toMatchObject({ tag: 'ok', val: { type: 'regular-file', size: 150_000n, linkCount: 1n } });
    expect(open('static/a.txt').stat().val.dataModificationTimestamp).toMatchObject({ seconds: expect.any(BigInt), nanoseconds: expect.any(Number) });
    expect(root().stat()).toMatchObject({ tag: 'ok', val: { type: 'directory', linkCount: 4n } });
    expect(errorOf(root().statAt({}, 'gone.txt'))).toBe('no-entry');
  });

  it('lists a directory in name order with entry types', () => {
    const stream = (root().readDirectory() as Result).val;
    const entries = [];
    for (let entry = stream.readDirectoryEntry().val; entry !== undefined; entry = stream.readDirectoryEntry().val) entries.push(entry);
    expect(entries).toEqual([
      { type: 'directory', name: 'empty' },
      { type: 'regular-file', name: 'gone.txt' },
      { type: 'regular-file', name: 'linked.txt' },
      { type: 'directory', name: 'static' },
    ]);
    expect(errorOf(open('static/a.txt').readDirectory())).toBe('not-directory');
  });

  it('gives each tree node its own identity', () => {
    const viaRoot = root().metadataHashAt({}, 'static/a.txt').val;
    expect(open('static/a.txt').metadataHash().val).toEqual(viaRoot);
    expect(open('static/a.txt').isSameObject(open('static/../static/a.txt'))).toBe(true);
    expect(root().metadataHashAt({}, 'static').val).not.toEqual(viaRoot);
    expect(viaRoot.upper).toBe(viaRoot.lower ^ 4614256656552045848n);
  });
});

describe('path resolution never leaves the mount', () => {
  it.each([
    ['..', 'not-permitted'],
    ['static/../..', 'not-permitted'],
    ['static/../../a.txt', 'not-permitted'],
    ['/static/a.txt', 'not-permitted'],
    ['/etc/passwd', 'not-permitted'],
    ['missing/../static/a.txt', 'no-entry'],
    ['static/a.txt/', 'not-directory'],
    ['static/a.txt/..', 'not-directory'],
    ['', 'no-entry'],
    ['static/nope', 'no-entry'],
    ['a\0b', 'invalid'],
    [`${'x'.repeat(256)}`, 'name-too-long'],
  ])('refuses %j with %s', (path, code) => {
    expect(errorOf(root().openAt({}, path, {}, READ))).toBe(code);
  });

  it('resolves `.` and `..` inside the mount, and `..` never above an opened directory', () => {
    expect(open('./static//img/../a.txt').read(5n, 0n).val[0]).toEqual(new Uint8Array(Buffer.from('hello')));
    const statics = open('static');
    expect(statics.getType().val).toBe('directory');
    expect(open('a.txt', statics).read(5n, 0n).val[0]).toEqual(new Uint8Array(Buffer.from('hello')));
    expect(errorOf(statics.openAt({}, '../linked.txt', {}, READ))).toBe('not-permitted');
    expect(errorOf(statics.statAt({}, '..'))).toBe('not-permitted');
    expect(errorOf(root().openAt({}, 'static/a.txt', { directory: true }, READ))).toBe('not-directory');
  });

  it('answers readlink with EINVAL, since nothing mounted is a symlink', () => {
    expect(errorOf(root().readlinkAt('linked.txt'))).toBe('invalid');
    expect(errorOf(root().readlinkAt('../x'))).toBe('not-permitted');
  });
});

describe('writes, as wasmtime answers them for a read-only preopen', () => {
  it.each([
    [{ create: true }, READ, 'not-permitted'],
    [{ truncate: true }, READ, 'not-permitted'],
    [{}, { read: true, write: true }, 'not-permitted'],
    [{ create: true, exclusive: true }, { write: true }, 'not-permitted'],
    [{}, { read: true, fileIntegritySync: true }, 'unsupported'],
    [{}, { read: true, requestedWriteSync: true }, 'unsupported'],
    [{ directory: true, exclusive: true }, READ, 'invalid'],
  ])('open-at with %j %j is %s, before the path is looked at', (openFlags, flags, code) => {
    expect(errorOf(root().openAt({}, 'does/not/exist', openFlags, flags))).toBe(code);
  });

  it('refuses every change on a directory (not-permitted) or names the wrong kind of descriptor', () => {
    const directory = root();
    const file = open('static/a.txt');
    const now = { tag: 'now' };
    expect(errorOf(directory.createDirectoryAt('x'))).toBe('not-permitted');
    expect(errorOf(directory.removeDirectoryAt('static'))).toBe('not-permitted');
    expect(errorOf(directory.unlinkFileAt('static/a.txt'))).toBe('not-permitted');
    expect(errorOf(directory.symlinkAt('static/a.txt', 'l'))).toBe('not-permitted');
    expect(errorOf(directory.renameAt('static/a.txt', directory, 'b'))).toBe('not-permitted');
    expect(errorOf(directory.linkAt({}, 'static/a.txt', directory, 'b'))).toBe('not-permitted');
    expect(errorOf(directory.linkAt({}, 'static/a.txt', file, 'b'))).toBe('not-directory');
    expect(errorOf(directory.setTimesAt({}, 'static/a.txt', now, now))).toBe('not-permitted');
    expect(errorOf(directory.setTimes(now, now))).toBe('not-permitted');
    expect(errorOf(directory.setTimes({ tag: 'timestamp', val: { seconds: 1n << 63n, nanoseconds: 0 } }, now))).toBe('overflow');
    expect(errorOf(directory.write(new Uint8Array(1), 0n))).toBe('bad-descriptor');
    expect(errorOf(directory.setSize(0n))).toBe('bad-descriptor');
    expect(errorOf(directory.read(1n, 0n))).toBe('bad-descriptor');
    expect(errorOf(directory.readViaStream(0n))).toBe('bad-descriptor');
    expect(errorOf(directory.advise(0n, 0n, 'normal'))).toBe('bad-descriptor');

    expect(errorOf(file.write(new Uint8Array(1), 0n))).toBe('not-permitted');
    expect(errorOf(file.setSize(0n))).toBe('not-permitted');
    expect(errorOf(file.setTimes(now, now))).toBe('not-permitted');
    expect(errorOf(file.writeViaStream(0n))).toBe('bad-descriptor');
    expect(errorOf(file.appendViaStream())).toBe('bad-descriptor');
    expect(errorOf(file.createDirectoryAt('x'))).toBe('not-directory');
    expect(errorOf(file.unlinkFileAt('x'))).toBe('not-directory');
    expect(errorOf(file.openAt({}, 'x', {}, READ))).toBe('not-directory');
    expect(errorOf(file.setTimesAt({}, 'x', now, now))).toBe('not-directory');
  });

  it('takes advice and syncs as no-ops', () => {
    const file = open('static/a.txt');
    expect(file.advise(0n, 5n, 'sequential')).toEqual({ tag: 'ok', val: undefined });
    expect(file.syncData()).toEqual({ tag: 'ok', val: undefined });
    expect(root().sync()).toEqual({ tag: 'ok', val: undefined });
  });
});
