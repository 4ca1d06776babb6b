/**
 * What a component with `files` sees under its one preopen `/`: the tree Spin's
 * loader would have copied into its mount directory, with each file naming the host
 * file it reads. Plain data, so it crosses into guest workers as it is.
 */
export interface MountedFiles {
  /** Every directory below `/`, by guest path without a leading `/` (`static`, `static/img`). */
  readonly directories: readonly string[];
  /** Every file, by guest path without a leading `/`, to the absolute host path it reads. */
  readonly files: ReadonlyMap<string, string>;
}
