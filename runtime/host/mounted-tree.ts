/**
 * The tree a component's one preopen `/` shows, built from its {@link MountedFiles}.
 * Paths resolve in this tree only, never on the host, so a guest reaches exactly the
 * files Spin would have copied: `..` above a descriptor's own directory and absolute
 * paths are refused as cap-std refuses them (`not-permitted`). Files are read when the
 * guest reads them, where Spin reads the copies it made at load.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ByteQueue } from '../http/index.js';
import type { MountedFiles } from './mounted-files.js';
import type { Datetime, DescriptorStat, ErrorCode, Filesize, MetadataHashValue } from './wasi-filesystem-types.js';
import { err, ok, type WitResult } from './wit-result.js';

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

/** A directory or a file of a mounted tree. */
export type Node = FileNode | DirectoryNode;

const trees = new WeakMap<MountedFiles, DirectoryNode>();

/** The root of the tree `files` describes, built once: every instance of a worker shares it, as it never changes. */
export function mountedTree(files: MountedFiles): DirectoryNode {
  const root = trees.get(files) ?? buildTree(files);
  trees.set(files, root);
  return root;
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
export function resolve(base: DirectoryNode, path: string): WitResult<Node, ErrorCode> {
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

/** A node's `descriptor-stat`: a directory as Spin's copy would be, a file as its host file is now. */
export function statOf(node: Node): WitResult<DescriptorStat, ErrorCode> {
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

/**
 * A node's `metadata-hash-value`. wasmtime hashes an object's device and inode, and
 * makes the upper half from the lower; each node of the tree is its own object, as each
 * copy is in Spin.
 */
export function hashOf(node: Node): MetadataHashValue {
  const lower = createHash('sha256').update(node.guestPath).digest().readBigUInt64LE(0);
  return { lower, upper: lower ^ 4614256656552045848n };
}

function datetime(ns: bigint): Datetime {
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

/** wasmtime's `MAX_READ_SIZE_ALLOC`: the most one `read` or stream read returns. */
const MAX_READ = 64 * 1024;

/** Up to `length` bytes (at most 64 KiB) of a host file from `offset`; none at or past its end. */
export function readAt(hostPath: string, offset: Filesize, length: Filesize): WitResult<Uint8Array, ErrorCode> {
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
export function fileBody(hostPath: string, offset: Filesize): ByteQueue {
  const queue: ByteQueue = new ByteQueue(() => (queue.size === 0 ? refill() : undefined));
  let position = offset;
  const refill = (): void => {
    const chunk = readAt(hostPath, position, BigInt(MAX_READ));
    if (chunk.tag === 'err') return queue.fail({ tag: 'internal-error', val: `reading ${hostPath} failed: ${chunk.val}` });
    if (chunk.val.byteLength === 0) return queue.end();
    position += BigInt(chunk.val.byteLength);
    queue.push(chunk.val);
  };
  refill();
  return queue;
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
