/**
 * `wasi:filesystem@0.2.x`, read-only. A component with `files` gets one preopen, `/`,
 * over the {@link mountedTree} of its {@link MountedFiles}; every call answers as
 * wasmtime-wasi 47 (Spin's) does for a directory Spin preopens read-only,
 * `DirPerms::READ` + `FilePerms::READ` (crates/factor-wasi/src/lib.rs `preopened_dir`;
 * wasmtime crates/wasi/src/filesystem.rs and p2/host/filesystem.rs): whatever would
 * change something is `not-permitted`, or `bad-descriptor` where wasmtime checks the
 * descriptor kind first. A component without `files` has no preopens (Spin JS SDK
 * components import these interfaces regardless).
 */
import type { MountedFiles } from './mounted-files.js';
import { fileBody, hashOf, mountedTree, type Node, readAt, resolve, statOf } from './mounted-tree.js';
import type {
  DescriptorFlags,
  DescriptorStat,
  DescriptorType,
  DirectoryEntry,
  ErrorCode,
  Filesize,
  MetadataHashValue,
  NewTimestamp,
  OpenFlags,
  PathFlags,
} from './wasi-filesystem-types.js';
import { InputStream, type IoError } from './wasi-io.js';
import { err, ok, type WitResult } from './wit-result.js';

/** Every descriptor is opened for reading only (wasmtime's `open_mode` READ). */
const READ_ONLY: Required<DescriptorFlags> = {
  read: true,
  write: false,
  fileIntegritySync: false,
  dataIntegritySync: false,
  requestedWriteSync: false,
  mutateDirectory: false,
};

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

/** The `wasi:filesystem` interfaces, keyed as jco's `instantiate()` looks them up; no preopen without `files`. */
export function wasiFilesystem(files?: MountedFiles): Record<string, object> {
  const root = files === undefined ? undefined : mountedTree(files);
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

// wasmtime converts a timestamp before it checks permissions: one past `SystemTime` overflows.
function timestampProblem(...stamps: NewTimestamp[]): ErrorCode | undefined {
  const max = (1n << 63n) - 1n;
  const overflows = stamps.some((stamp) => stamp.tag === 'timestamp' && stamp.val.seconds + BigInt(Math.floor(stamp.val.nanoseconds / 1e9)) > max);
  return overflows ? 'overflow' : undefined;
}
