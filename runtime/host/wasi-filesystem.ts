/**
 * `wasi:filesystem@0.2.x`, read-only. A component with `files` gets one preopen, `/`,
 * over its {@link MountedFiles}; every call answers as wasmtime-wasi 47 (Spin's) does
 * for a directory Spin preopens read-only, `DirPerms::READ` + `FilePerms::READ`
 * (crates/factor-wasi/src/lib.rs `preopened_dir`; wasmtime crates/wasi/src/filesystem.rs
 * and p2/host/filesystem.rs): whatever would change something is `not-permitted`, or
 * `bad-descriptor` where wasmtime checks the descriptor kind first. A component
 * without `files` has no preopens (Spin JS SDK components import these interfaces
 * regardless).
 *
 * Paths resolve in the mounted tree only, never on the host, so a guest reaches
 * exactly the files Spin would have copied: `..` above a descriptor's own directory and
 * absolute paths are refused as cap-std refuses them (`not-permitted`). Files are read
 * when the guest reads them, where Spin reads the copies it made at load.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ByteQueue } from './byte-queue.js';
import type { ArrivingBody } from './http-message.js';
import type { MountedFiles } from './mounted-files.js';
import { InputStream, type IoError } from './wasi-io.js';
import { err, ok, type WitResult } from './wit-result.js';

/** `enum error-code`: the cases this host answers with. */
type ErrorCode =
  | 'access'
  | 'bad-descriptor'
  | 'invalid'
  | 'io'
  | 'is-directory'
  | 'loop'
  | 'name-too-long'
  | 'no-entry'
  | 'not-directory'
  | 'not-permitted'
  | 'overflow'
  | 'unsupported';

/** `type filesize = u64;` */
type Filesize = bigint;

/** `record datetime { seconds: u64, nanoseconds: u32 }` from `wasi:clocks/wall-clock`. */
interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}

/** `enum descriptor-type`: the two kinds a mounted tree holds. */
type DescriptorType = 'directory' | 'regular-file';

/** `record descriptor-stat`. */
interface DescriptorStat {
  type: DescriptorType;
  linkCount: bigint;
  size: Filesize;
  dataAccessTimestamp: Datetime | undefined;
  dataModificationTimestamp: Datetime | undefined;
  statusChangeTimestamp: Datetime | undefined;
}

/** `flags descriptor-flags`. */
interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  fileIntegritySync?: boolean;
  dataIntegritySync?: boolean;
  requestedWriteSync?: boolean;
  mutateDirectory?: boolean;
}

/** `flags path-flags { symlink-follow }`: no mounted tree holds a symlink, so it never matters. */
type PathFlags = { symlinkFollow?: boolean };

/** `flags open-flags`. */
interface OpenFlags {
  create?: boolean;
  directory?: boolean;
  exclusive?: boolean;
  truncate?: boolean;
}

/** `variant new-timestamp { no-change, now, timestamp(datetime) }` */
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };

/** `record directory-entry`. */
interface DirectoryEntry {
  type: DescriptorType;
  name: string;
}

/** `record metadata-hash-value`. */
interface MetadataHashValue {
  lower: bigint;
  upper: bigint;
}

interface FileNode {
  readonly kind: 'regular-file';
  readonly guestPath: string;
  readonly hostPath: string;
}

interface DirectoryNode {
  readonly kind: 'directory';
  readonly guestPath: string;
  readonly entries: Map<string, FileNode | DirectoryNode>;
  /** When the tree was built: the time Spin would have created the directory. */
  readonly created: Datetime;
}

type Node = FileNode | DirectoryNode;

/** Every descriptor is opened for reading only (wasmtime's `open_mode` READ). */
const READ_ONLY: Required<DescriptorFlags> = {
  read: true,
  write: false,
  fileIntegritySync: false,
  dataIntegritySync: false,
  requestedWriteSync: false,
  mutateDirectory: false,
};

/** wasmtime's `MAX_READ_SIZE_ALLOC`: the most one `read` or stream read returns. */
const MAX_READ = 64 * 1024;

/** `resource descriptor`: a directory or a file of the mounted tree. */
class Descriptor {
  readonly #node: Node;

  constructor(node: Node) {
    this.#node = node;
  }

  /** `read-via-stream: func(offset: filesize) -> result<input-stream, error-code>;` */
  readViaStream(offset: Filesize): WitResult<InputStream, ErrorCode> {
    const node = this.#node;
    if (node.kind === 'directory') return err('bad-descriptor');
    return ok(new InputStream(fileBody(node.hostPath, offset)));
  }

  /** `write-via-stream: func(offset: filesize) -> result<output-stream, error-code>;` (files lack `FilePerms::WRITE`) */
  writeViaStream(): WitResult<never, ErrorCode> {
    return err('bad-descriptor');
  }

  /** `append-via-stream: func() -> result<output-stream, error-code>;` */
  appendViaStream(): WitResult<never, ErrorCode> {
    return err('bad-descriptor');
  }

  /** `advise: func(offset: filesize, length: filesize, advice: advice) -> result<_, error-code>;` (a hint, taken) */
  advise(): WitResult<undefined, ErrorCode> {
    return this.#node.kind === 'directory' ? err('bad-descriptor') : ok(undefined);
  }

  /** `sync-data: func() -> result<_, error-code>;` (nothing is ever written) */
  syncData(): WitResult<undefined, ErrorCode> {
    return ok(undefined);
  }

  /** `get-flags: func() -> result<descriptor-flags, error-code>;` */
  getFlags(): WitResult<DescriptorFlags, ErrorCode> {
    return ok(READ_ONLY);
  }

  /** `get-type: func() -> result<descriptor-type, error-code>;` */
  getType(): WitResult<DescriptorType, ErrorCode> {
    return ok(this.#node.kind);
  }

  /** `set-size: func(size: filesize) -> result<_, error-code>;` */
  setSize(): WitResult<undefined, ErrorCode> {
    return err(this.#node.kind === 'directory' ? 'bad-descriptor' : 'not-permitted');
  }

  /** `set-times: func(data-access-timestamp: new-timestamp, data-modification-timestamp: new-timestamp) -> result<_, error-code>;` */
  setTimes(access: NewTimestamp, modification: NewTimestamp): WitResult<undefined, ErrorCode> {
    return err(timestampProblem(access, modification) ?? 'not-permitted');
  }

  /** `read: func(length: filesize, offset: filesize) -> result<tuple<list<u8>, bool>, error-code>;` */
  read(length: Filesize, offset: Filesize): WitResult<[Uint8Array, boolean], ErrorCode> {
    const node = this.#node;
    if (node.kind === 'directory') return err('bad-descriptor');
    const bytes = readAt(node.hostPath, offset, length);
    if (bytes.tag === 'err') return bytes;
    // As wasmtime: end of file is reported only by a read that returns nothing.
    return ok<[Uint8Array, boolean]>([bytes.val, bytes.val.byteLength === 0]);
  }

  /** `write: func(buffer: list<u8>, offset: filesize) -> result<filesize, error-code>;` */
  write(): WitResult<never, ErrorCode> {
    return err(this.#node.kind === 'directory' ? 'bad-descriptor' : 'not-permitted');
  }

  /** `read-directory: func() -> result<directory-entry-stream, error-code>;` */
  readDirectory(): WitResult<DirectoryEntryStream, ErrorCode> {
    const node = this.#node;
    if (node.kind !== 'directory') return err('not-directory');
    const entries = [...node.entries].map(([name, entry]) => ({ type: entry.kind, name }));
    return ok(new DirectoryEntryStream(entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))));
  }

  /** `sync: func() -> result<_, error-code>;` */
  sync(): WitResult<undefined, ErrorCode> {
    return ok(undefined);
  }

  /** `create-directory-at: func(path: string) -> result<_, error-code>;` */
  createDirectoryAt(): WitResult<undefined, ErrorCode> {
    return this.#mutateAt();
  }

  /** `stat: func() -> result<descriptor-stat, error-code>;` */
  stat(): WitResult<DescriptorStat, ErrorCode> {
    return statOf(this.#node);
  }

  /** `stat-at: func(path-flags: path-flags, path: string) -> result<descriptor-stat, error-code>;` */
  statAt(_flags: PathFlags, path: string): WitResult<DescriptorStat, ErrorCode> {
    const found = this.#resolve(path);
    return found.tag === 'err' ? found : statOf(found.val);
  }

  /**
   * `set-times-at: func(path-flags: path-flags, path: string, data-access-timestamp: new-timestamp,
   * data-modification-timestamp: new-timestamp) -> result<_, error-code>;`
   */
  setTimesAt(_flags: PathFlags, _path: string, access: NewTimestamp, modification: NewTimestamp): WitResult<undefined, ErrorCode> {
    if (this.#node.kind !== 'directory') return err('not-directory');
    return err(timestampProblem(access, modification) ?? 'not-permitted');
  }

  /** `link-at: func(old-path-flags: path-flags, old-path: string, new-descriptor: borrow<descriptor>, new-path: string) -> result<_, error-code>;` */
  linkAt(_flags: PathFlags, _oldPath: string, target: Descriptor): WitResult<undefined, ErrorCode> {
    return this.#node.kind === 'directory' ? target.#mutateAt() : err('not-directory');
  }

  /**
   * `open-at: func(path-flags: path-flags, path: string, open-flags: open-flags, %flags: descriptor-flags)
   * -> result<descriptor, error-code>;`
   */
  openAt(_flags: PathFlags, path: string, open: OpenFlags, flags: DescriptorFlags): WitResult<Descriptor, ErrorCode> {
    if (this.#node.kind !== 'directory') return err('not-directory');
    // wasmtime `Dir::open_at`, in its order: no MUTATE, then flags cap-std lacks, then bad combinations.
    if (open.create === true || open.truncate === true || flags.write === true) return err('not-permitted');
    if (flags.fileIntegritySync === true || flags.dataIntegritySync === true || flags.requestedWriteSync === true) return err('unsupported');
    if (open.directory === true && open.exclusive === true) return err('invalid');
    const found = this.#resolve(path);
    if (found.tag === 'err') return found;
    if (open.directory === true && found.val.kind !== 'directory') return err('not-directory');
    return ok(new Descriptor(found.val));
  }

  /** `readlink-at: func(path: string) -> result<string, error-code>;` (nothing mounted is a symlink: EINVAL) */
  readlinkAt(path: string): WitResult<never, ErrorCode> {
    const found = this.#resolve(path);
    return found.tag === 'err' ? found : err('invalid');
  }

  /** `remove-directory-at: func(path: string) -> result<_, error-code>;` */
  removeDirectoryAt(): WitResult<undefined, ErrorCode> {
    return this.#mutateAt();
  }

  /** `rename-at: func(old-path: string, new-descriptor: borrow<descriptor>, new-path: string) -> result<_, error-code>;` */
  renameAt(_oldPath: string, target: Descriptor): WitResult<undefined, ErrorCode> {
    return this.#node.kind === 'directory' ? target.#mutateAt() : err('not-directory');
  }

  /** `symlink-at: func(old-path: string, new-path: string) -> result<_, error-code>;` */
  symlinkAt(): WitResult<undefined, ErrorCode> {
    return this.#mutateAt();
  }

  /** `unlink-file-at: func(path: string) -> result<_, error-code>;` */
  unlinkFileAt(): WitResult<undefined, ErrorCode> {
    return this.#mutateAt();
  }

  /** `is-same-object: func(other: borrow<descriptor>) -> bool;` */
  isSameObject(other: Descriptor): boolean {
    return this.#node === other.#node;
  }

  /** `metadata-hash: func() -> result<metadata-hash-value, error-code>;` */
  metadataHash(): WitResult<MetadataHashValue, ErrorCode> {
    return ok(hashOf(this.#node));
  }

  /** `metadata-hash-at: func(path-flags: path-flags, path: string) -> result<metadata-hash-value, error-code>;` */
  metadataHashAt(_flags: PathFlags, path: string): WitResult<MetadataHashValue, ErrorCode> {
    const found = this.#resolve(path);
    return found.tag === 'err' ? found : ok(hashOf(found.val));
  }

  // What every `*-at` call that would change the tree answers: wasmtime checks the
  // descriptor is a directory, then `DirPerms::MUTATE`, before it looks at the path.
  #mutateAt(): WitResult<undefined, ErrorCode> {
    return err(this.#node.kind === 'directory' ? 'not-permitted' : 'not-directory');
  }

  #resolve(path: string): WitResult<Node, ErrorCode> {
    return this.#node.kind === 'directory' ? resolve(this.#node, path) : err('not-directory');
  }
}

/** `resource directory-entry-stream`: a directory's entries as they were when it was read, in name order. */
class DirectoryEntryStream {
  readonly #entries: readonly DirectoryEntry[];
  #next = 0;

  constructor(entries: readonly DirectoryEntry[]) {
    this.#entries = entries;
  }

  /** `read-directory-entry: func() -> result<option<directory-entry>, error-code>;` */
  readDirectoryEntry(): WitResult<DirectoryEntry | undefined, ErrorCode> {
    return ok(this.#entries[this.#next++]);
  }
}

const trees = new WeakMap<MountedFiles, DirectoryNode>();

/** The `wasi:filesystem` interfaces, keyed as jco's `instantiate()` looks them up; no preopen without `files`. */
export function wasiFilesystem(files?: MountedFiles): Record<string, object> {
  let root: DirectoryNode | undefined;
  if (files !== undefined) {
    // Every instance of a worker shares the one tree: it never changes.
    root = trees.get(files) ?? buildTree(files);
    trees.set(files, root);
  }
  return {
    'wasi:filesystem/preopens': {
      /** `get-directories: func() -> list<tuple<descriptor, string>>;` (a new handle per call, as wasmtime pushes one) */
      getDirectories: (): [Descriptor, string][] => (root === undefined ? [] : [[new Descriptor(root), '/']]),
    },
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      /**
       * `filesystem-error-code: func(err: borrow<error>) -> option<error-code>;` A file
       * stream fails only when its host file became unreadable after load; that is no
       * error code wasmtime would give for Spin's copy.
       */
      filesystemErrorCode: (_error: IoError): undefined => undefined,
    },
  };
}

function buildTree(files: MountedFiles): DirectoryNode {
  const created = datetime(BigInt(Date.now()) * 1_000_000n);
  const root: DirectoryNode = { kind: 'directory', guestPath: '', entries: new Map(), created };
  const directory = (guestPath: string): DirectoryNode => {
    if (guestPath === '') return root;
    const slash = guestPath.lastIndexOf('/');
    const parent = directory(guestPath.slice(0, Math.max(slash, 0)));
    const name = guestPath.slice(slash + 1);
    const existing = parent.entries.get(name);
    if (existing?.kind === 'directory') return existing;
    const node: DirectoryNode = { kind: 'directory', guestPath, entries: new Map(), created };
    parent.entries.set(name, node);
    return node;
  };
  for (const guestPath of files.directories) directory(guestPath);
  for (const [guestPath, hostPath] of files.files) {
    const slash = guestPath.lastIndexOf('/');
    directory(guestPath.slice(0, Math.max(slash, 0))).entries.set(guestPath.slice(slash + 1), { kind: 'regular-file', guestPath, hostPath });
  }
  return root;
}

/**
 * Follows `path` from `base` as the kernel does under cap-std's `openat2(RESOLVE_BENEATH)`:
 * component by component, `..` never above `base`, no absolute paths.
 */
function resolve(base: DirectoryNode, path: string): WitResult<Node, ErrorCode> {
  // cap-std turns an interior NUL into `InvalidInput`; Linux refuses a path of PATH_MAX bytes.
  if (path.includes('\0')) return err('invalid');
  if (Buffer.byteLength(path) >= 4096) return err('name-too-long');
  if (path.startsWith('/')) return err('not-permitted');
  if (path === '') return err('no-entry');
  const parents: DirectoryNode[] = [];
  let node: Node = base;
  for (const part of path.split('/')) {
    if (part === '') continue;
    if (node.kind !== 'directory') return err('not-directory');
    if (part === '.') continue;
    if (part === '..') {
      const parent = parents.pop();
      if (parent === undefined) return err('not-permitted');
      node = parent;
      continue;
    }
    if (Buffer.byteLength(part) > 255) return err('name-too-long');
    const child: Node | undefined = node.entries.get(part);
    if (child === undefined) return err('no-entry');
    parents.push(node);
    node = child;
  }
  if (path.endsWith('/') && node.kind !== 'directory') return err('not-directory');
  return ok(node);
}

function statOf(node: Node): WitResult<DescriptorStat, ErrorCode> {
  if (node.kind === 'directory') {
    const subdirectories = [...node.entries.values()].filter((entry) => entry.kind === 'directory').length;
    return ok<DescriptorStat>({
      type: 'directory',
      // As a fresh directory on ext4 reports (a directory's size is the file system's own).
      linkCount: 2n + BigInt(subdirectories),
      size: 4096n,
      dataAccessTimestamp: node.created,
      dataModificationTimestamp: node.created,
      statusChangeTimestamp: node.created,
    });
  }
  try {
    const stats = statSync(node.hostPath, { bigint: true });
    return ok<DescriptorStat>({
      type: 'regular-file',
      // Spin's copy has one link, whatever links the original has.
      linkCount: 1n,
      size: stats.size,
      dataAccessTimestamp: datetime(stats.atimeNs),
      dataModificationTimestamp: datetime(stats.mtimeNs),
      // wasmtime reports the creation time here (`Metadata::created`).
      statusChangeTimestamp: stats.birthtimeNs > 0n ? datetime(stats.birthtimeNs) : undefined,
    });
  } catch (error) {
    return err(errorCode(error));
  }
}

function datetime(ns: bigint): Datetime {
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

// wasmtime hashes an object's device and inode, and makes the upper half from the
// lower; each node of the tree is its own object, as each copy is in Spin.
function hashOf(node: Node): MetadataHashValue {
  const lower = createHash('sha256').update(node.guestPath).digest().readBigUInt64LE(0);
  return { lower, upper: lower ^ 4614256656552045848n };
}

// wasmtime converts a timestamp before it checks permissions: one past `SystemTime` overflows.
function timestampProblem(...stamps: NewTimestamp[]): ErrorCode | undefined {
  const max = (1n << 63n) - 1n;
  const overflows = stamps.some((stamp) => stamp.tag === 'timestamp' && stamp.val.seconds + BigInt(Math.floor(stamp.val.nanoseconds / 1e9)) > max);
  return overflows ? 'overflow' : undefined;
}

function readAt(hostPath: string, offset: Filesize, length: Filesize): WitResult<Uint8Array, ErrorCode> {
  const wanted = Number(length < BigInt(MAX_READ) ? length : BigInt(MAX_READ));
  try {
    const fd = openSync(hostPath, 'r');
    try {
      const buffer = new Uint8Array(wanted);
      return ok(buffer.subarray(0, readSync(fd, buffer, 0, wanted, offset)));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return err(errorCode(error));
  }
}

/** A file's bytes from `offset` as an input stream's body, read 64 KiB at a time as the guest takes them. */
function fileBody(hostPath: string, offset: Filesize): ArrivingBody {
  const queue = new ByteQueue();
  let position = offset;
  const refill = (): void => {
    const chunk = readAt(hostPath, position, BigInt(MAX_READ));
    if (chunk.tag === 'err') return queue.fail({ tag: 'internal-error', val: `reading ${hostPath} failed: ${chunk.val}` });
    if (chunk.val.byteLength === 0) return queue.end();
    position += BigInt(chunk.val.byteLength);
    queue.push(chunk.val);
  };
  refill();
  return { queue, consumed: () => (queue.size === 0 ? refill() : undefined) };
}

// wasmtime's errno conversion, for the host file a mounted file reads.
function errorCode(error: unknown): ErrorCode {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no-entry';
    case 'EACCES':
      return 'access';
    case 'EPERM':
      return 'not-permitted';
    case 'EISDIR':
      return 'is-directory';
    case 'ENOTDIR':
      return 'not-directory';
    case 'ELOOP':
      return 'loop';
    case 'ENAMETOOLONG':
      return 'name-too-long';
    default:
      return 'io';
  }
}
