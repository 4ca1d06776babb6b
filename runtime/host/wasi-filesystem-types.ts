/**
 * The `wasi:filesystem/types` records, flags and enums that the read-only filesystem
 * host speaks, in the shapes jco's glue passes them.
 */

/** `enum error-code`: the cases this host answers with. */
export type ErrorCode =
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
export type Filesize = bigint;

/** `record datetime { seconds: u64, nanoseconds: u32 }` from `wasi:clocks/wall-clock`. */
export interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}

/** `enum descriptor-type`: the two kinds a mounted tree holds. */
export type DescriptorType = 'directory' | 'regular-file';

/** `record descriptor-stat`. */
export interface DescriptorStat {
  type: DescriptorType;
  linkCount: bigint;
  size: Filesize;
  dataAccessTimestamp: Datetime | undefined;
  dataModificationTimestamp: Datetime | undefined;
  statusChangeTimestamp: Datetime | undefined;
}

/** `flags descriptor-flags`. */
export interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  fileIntegritySync?: boolean;
  dataIntegritySync?: boolean;
  requestedWriteSync?: boolean;
  mutateDirectory?: boolean;
}

/** `flags path-flags { symlink-follow }`: no mounted tree holds a symlink, so it never matters. */
export type PathFlags = { symlinkFollow?: boolean };

/** `flags open-flags`. */
export interface OpenFlags {
  create?: boolean;
  directory?: boolean;
  exclusive?: boolean;
  truncate?: boolean;
}

/** `variant new-timestamp { no-change, now, timestamp(datetime) }` */
export type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };

/** `record directory-entry`. */
export interface DirectoryEntry {
  type: DescriptorType;
  name: string;
}

/** `record metadata-hash-value`. */
export interface MetadataHashValue {
  lower: bigint;
  upper: bigint;
}
