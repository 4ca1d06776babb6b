/**
 * A component's `files` laid out as `spin up` lays them out by default: Spin's loader
 * copies every mount into one directory per component and preopens it as `/`
 * (crates/loader/src/local.rs `copy_file_mounts`, crates/factor-wasi/src/spin.rs).
 * Nothing is copied here: the same walk produces the guest's tree, each file naming
 * the host file Spin would have copied, and fails with Spin's messages where Spin's
 * loader would fail.
 *
 * Guest paths follow Spin's joins exactly, including its quirks: a directory pattern
 * `"static"` lands at `/static/static/...` (its files are taken relative to the app
 * directory, then placed under `root/static`), and a file or directory whose
 * destination climbs out of the mount root with `..` is copied beside it, so the
 * guest never sees it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { rustDebug } from '../errors/rust-debug.js';
import { rustIoError } from '../errors/rust-io-error.js';
import type { MountedFiles } from '../engine/index.js';
import { formatLocation, ManifestError, type AppManifest, type ComponentManifest, type FileMount, type ManifestWarning } from '../manifest/index.js';
import { GlobPattern, looksLikeGlob, PatternError } from './glob-pattern.js';
import { globPaths, GlobWalkError, joinPath } from './glob-walk.js';

/** A component's guest tree, and what Spin would warn about while building it. */
export interface ResolvedFiles {
  readonly files: MountedFiles;
  readonly warnings: readonly ManifestWarning[];
}

const LEARN_MORE = 'Learn more: https://spinframework.dev/writing-apps#including-files-with-components';
const USE_PLACEMENT = 'If you want to include a directory, use source-destination form, or a glob pattern ending in **/*.';

/**
 * Resolves `component`'s `files` against the manifest's directory, in manifest order
 * (Spin copies them concurrently; where two land on one path, the later one wins here).
 * Undefined for a component without `files`, which gets no preopen at all.
 *
 * @throws {ManifestError} at the offending entry, with Spin's message.
 */
export function resolveFileMounts(manifest: AppManifest, component: ComponentManifest): ResolvedFiles | undefined {
  if (component.files.length === 0) return undefined;
  const tree = new GuestTree(manifest.dir, component.id, component.excludeFiles);
  const warnings: ManifestWarning[] = [];
  for (const mount of component.files) {
    const where = { file: manifest.file, component: component.id, ...(mount.line === undefined ? {} : { line: mount.line }) };
    try {
      const warning = tree.add(mount);
      if (warning !== undefined) warnings.push({ message: `${formatLocation(where)}: ${warning}`, ...where });
    } catch (error) {
      if (!(error instanceof MountProblem)) throw error;
      const line = error.inExcludeFiles ? component.excludeFilesLine : mount.line;
      throw new ManifestError(error.message, { file: manifest.file, component: component.id, ...(line === undefined ? {} : { line }), cause: error.cause });
    }
  }
  return { files: tree.mounted(), warnings };
}

/** Why one mount cannot be loaded, in Spin's words (the context chain joined with `: `). */
class MountProblem extends Error {
  readonly inExcludeFiles: boolean;

  constructor(message: string, options: { cause?: unknown; inExcludeFiles?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.inExcludeFiles = options.inExcludeFiles ?? false;
  }
}

// Spin copies into `<working dir>/assets/<id>`; a destination is followed from there,
// so `..` can leave the component's directory and even come back into it by name.
const WORKING_DIR = '\0';
const ASSETS = 'assets';

/** The guest tree under construction: directories and files by guest path (`''` is `/`). */
class GuestTree {
  readonly #appRoot: string;
  readonly #id: string;
  readonly #excludeFiles: readonly string[];
  readonly #directories = new Set<string>();
  readonly #files = new Map<string, string>();

  constructor(appRoot: string, id: string, excludeFiles: readonly string[]) {
    this.#appRoot = appRoot;
    this.#id = id;
    this.#excludeFiles = excludeFiles;
  }

  /** Adds one mount (`copy_file_mounts`); returns Spin's warning about it, if any. */
  add(mount: FileMount): string | undefined {
    if (mount.kind === 'placement') {
      this.#addPlacement(mount.source, mount.destination);
      return undefined;
    }
    return this.#addPattern(mount.pattern);
  }

  mounted(): MountedFiles {
    return { directories: [...this.#directories].sort(), files: new Map([...this.#files].sort(([a], [b]) => (a < b ? -1 : 1))) };
  }

  // `copy_glob_or_path`.
  #addPattern(pattern: string): string | undefined {
    if (pattern === '..' || pattern.endsWith('/..')) {
      throw new MountProblem(`A file pattern can't end in a parent directory path (..)\n${USE_PLACEMENT}\n${LEARN_MORE}`);
    }
    if (pattern === '.' || pattern.endsWith('/.')) {
      throw new MountProblem(`A file pattern can't end in a current directory path (.)\n${USE_PLACEMENT}\n${LEARN_MORE}`);
    }
    const path = joinPath(this.#appRoot, pattern);
    // An absolute pattern replaces the copy root as well as the app root in Spin's joins.
    const dest = pattern.startsWith('/') ? undefined : pattern;
    const stats = stat(path);
    if (stats?.isDirectory()) this.#addGlob(joinPath(path, '**/*'), this.#appRoot, dest);
    else if (stats !== undefined) this.#copyFile(path, dest, pattern);
    else if (looksLikeGlob(pattern)) this.#addGlob(path, this.#appRoot, '');
    else throw new MountProblem(`${rustDebug(pattern)} does not exist and doesn't appear to be a glob pattern`);
    return entireDirectoryWarning(pattern);
  }

  // `copy_file_or_directory`.
  #addPlacement(source: string, destination: string): void {
    const path = joinPath(this.#appRoot, source);
    const dest = destination.replace(/^\/+/, '');
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MountProblem(`File or directory "${source}" does not exist`, { cause: error });
      throw new MountProblem(`invalid file mount source "${source}": ${rustIoError(error)}`, { cause: error });
    }
    if (isDirectory) this.#addGlob(joinPath(path, '**/*'), path, dest);
    else this.#copyFile(path, dest, destination);
  }

  // `copy_glob`: every regular file `pattern` matches, not excluded, placed at its path
  // relative to `sourcePrefix` under `destRoot` (a path below the copy root).
  #addGlob(pattern: string, sourcePrefix: string, destRoot: string | undefined): void {
    let paths: Iterable<string>;
    try {
      paths = globPaths(pattern);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      throw new MountProblem(`Failed to resolve glob pattern ${rustDebug(pattern)}: ${error.message}`, { cause: error });
    }
    const excluded = this.#excludeFiles.map((exclude) => {
      try {
        return GlobPattern.compile(exclude);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        throw new MountProblem(`Invalid exclude_files glob pattern ${rustDebug(exclude)}: ${error.message}`, { cause: error, inExcludeFiles: true });
      }
    });
    this.#createDirAll(destRoot);
    for (const source of walked(paths)) {
      if (!stat(source)?.isFile()) continue;
      const fromAppRoot = stripPrefix(source, this.#appRoot);
      if (fromAppRoot === undefined) {
        throw new MountProblem(`${pattern} cannot be mapped because it is outside the application directory. Files must be within the application directory.`);
      }
      // Matched against the whole relative path: `*` crosses `/` (glob-pattern.ts).
      if (excluded.some((exclude) => exclude.matches(fromAppRoot))) continue;
      const relative = stripPrefix(source, sourcePrefix) ?? '';
      this.#copyFile(source, destRoot === undefined ? undefined : `${destRoot}/${relative}`, relative);
    }
  }

  // `copy_single_file`: `dest` is below the copy root, or undefined where an absolute
  // path replaced it; `guestDest` is the destination as Spin names it in errors.
  #copyFile(source: string, dest: string | undefined, guestDest: string): void {
    // Spin's sanity checks: the source lies in the app directory, the copy in the copy root.
    if (stripPrefix(source, this.#appRoot) === undefined || dest === undefined) {
      // Spin's own text is just "prefix not found"; only an absolute path gets here.
      throw new MountProblem(`${rustDebug(source)}: prefix not found (Spin refuses this absolute path; write it relative to the manifest's directory)`);
    }
    const parts = dest.split('/');
    const name = parts.at(-1) ?? '';
    if (name === '' || name === '.' || name === '..') {
      // The copy would target a directory: Spin's `failed_to_copy_single_file_error`.
      throw new MountProblem(
        isDirectoryLike(guestDest)
          ? `Failed to copy "${source}": "${guestDest}" is not a valid destination file name`
          : `Failed to copy "${source}" (for destination path "${guestDest}"): Is a directory (os error 21)`,
      );
    }
    try {
      accessSync(source, constants.R_OK);
    } catch (error) {
      throw new MountProblem(`Failed to copy "${source}" (for destination path "${guestDest}"): ${rustIoError(error)}`, { cause: error });
    }
    const parent = this.#createDirAll(parts.slice(0, -1).join('/'));
    if (parent === undefined) return;
    const guestPath = parent === '' ? name : `${parent}/${name}`;
    if (this.#directories.has(guestPath)) {
      throw new MountProblem(`Failed to copy "${source}" to "/${guestPath}" (for destination path "${guestDest}"): Is a directory (os error 21)`);
    }
    this.#files.set(guestPath, source);
  }

  // `create_dir_all(root.join(relative))`: every directory along the way that lies in
  // the copy root; returns the guest path of the last, or undefined outside the root.
  #createDirAll(relative: string | undefined): string | undefined {
    if (relative === undefined) return undefined;
    const stack = [WORKING_DIR, ASSETS, this.#id];
    for (const part of relative.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        stack.pop();
        continue;
      }
      stack.push(part);
      const guestPath = this.#guestPath(stack);
      if (guestPath === undefined || guestPath === '') continue;
      if (this.#files.has(guestPath)) {
        throw new MountProblem(`Failed to create parent directory "/${guestPath}": File exists (os error 17)`);
      }
      this.#directories.add(guestPath);
    }
    return this.#guestPath(stack);
  }

  #guestPath(stack: readonly string[]): string | undefined {
    if (stack[0] !== WORKING_DIR || stack[1] !== ASSETS || stack[2] !== this.#id) return undefined;
    return stack.slice(3).join('/');
  }
}

// Spin's warnings for a pattern that takes in the whole app directory.
function entireDirectoryWarning(pattern: string): string | undefined {
  if (pattern === '*') {
    return `A component is including the entire application directory as asset files. This is unlikely to be what you want.\nIf this is what you want, use the pattern "./*" to avoid this warning.\n${LEARN_MORE}`;
  }
  if (pattern === '**/*') {
    return `A component is including the entire application directory tree as asset files. This is unlikely to be what you want.\nIf this is what you want, use the pattern "./**/*" to avoid this warning.\n${LEARN_MORE}`;
  }
  return undefined;
}

function* walked(paths: Iterable<string>): Generator<string, void, undefined> {
  try {
    yield* paths;
  } catch (error) {
    if (!(error instanceof GlobWalkError)) throw error;
    throw new MountProblem(error.message, { cause: error });
  }
}

/** Following symlinks, as Rust's `Path::exists` / `is_file` do; undefined when it cannot be reached. */
function stat(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

// `is_directory_like` (local.rs): guest paths only.
function isDirectoryLike(guestPath: string): boolean {
  return guestPath.endsWith('/') || guestPath.endsWith('.');
}

/**
 * Rust's `Path::strip_prefix` for absolute paths: component by component (`.` and
 * empty components do not count), returning the rest as written minus leading and
 * trailing empty or `.` components; undefined when `prefix` is not a prefix.
 */
export function stripPrefix(path: string, prefix: string): string | undefined {
  const parts = components(path);
  const wanted = components(prefix);
  if (wanted.length > parts.length || wanted.some((part, index) => parts[index]?.name !== part.name)) return undefined;
  const rest = path.slice(wanted.at(-1)?.end ?? 1).split('/');
  while (rest[0] === '' || rest[0] === '.') rest.shift();
  while (rest.length > 0 && (rest.at(-1) === '' || rest.at(-1) === '.')) rest.pop();
  return rest.join('/');
}

function components(path: string): { name: string; end: number }[] {
  const found: { name: string; end: number }[] = [];
  let start = 0;
  for (const part of path.split('/')) {
    if (part !== '' && part !== '.') found.push({ name: part, end: start + part.length });
    start += part.length + 1;
  }
  return found;
}
