/**
 * `wasi:filesystem@0.2.x` stubs: no directory is preopened, so a guest can
 * never obtain a descriptor. Spin JS SDK components import these interfaces
 * even when they declare no `files`.
 */

/** `resource descriptor`: never handed out while nothing is preopened. */
class Descriptor {}

/** `resource directory-entry-stream`: never handed out while nothing is preopened. */
class DirectoryEntryStream {}

/** The `wasi:filesystem` interfaces, keyed as jco's `instantiate()` looks them up. */
export function wasiFilesystem(): Record<string, object> {
  return {
    'wasi:filesystem/preopens': {
      /** `get-directories: func() -> list<tuple<descriptor, string>>;` */
      getDirectories: (): [Descriptor, string][] => [],
    },
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      /** `filesystem-error-code: func(err: borrow<error>) -> option<error-code>;` */
      filesystemErrorCode: (): undefined => undefined,
    },
  };
}
