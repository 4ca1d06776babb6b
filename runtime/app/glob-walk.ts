/**
 * A port of the Rust `glob` crate's `glob()` walk (0.3.3, default options), which
 * Spin's loader runs over every glob, directory and directory placement in `files`.
 * Each path component of the pattern is matched against one directory level; `**`
 * matches any depth of directories; symlinks are followed; dotfiles are included;
 * entries come out in byte order of their names. Paths are built by joining, never
 * normalised, because Spin strips and matches them as they come out.
 */
import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { GlobPattern } from './glob-pattern.js';
import { rustIoError } from '../errors/rust-io-error.js';

/** The crate's `GlobError`: a directory the walk had to read could not be read. */
export class GlobWalkError extends Error {
  constructor(path: string, cause: unknown) {
    super(`attempting to read \`${path}\` resulted in an error: ${rustIoError(cause)}`, { cause });
  }
}

interface Candidate {
  readonly path: string;
  readonly isDirectory: boolean;
}

/** A candidate still to be matched against `dirPatterns[index]`, or one already known to match. */
type Todo = (Candidate & { readonly index: number | typeof MATCHED }) | { readonly error: GlobWalkError };

const MATCHED = 'matched';

/**
 * Every path matching the absolute `pattern`, in the crate's order. The pattern is
 * compiled at once; the walk happens as the result is iterated.
 *
 * @throws {PatternError} when the pattern (or one of its components) does not compile.
 * Iterating throws {@link GlobWalkError} when a directory cannot be read.
 */
export function globPaths(pattern: string): Iterable<string> {
  GlobPattern.compile(pattern);
  if (!pattern.startsWith('/')) throw new Error(`globPaths takes an absolute pattern, not ${pattern}`);
  // The root is one `/` (Rust collapses repeated leading separators into it); the rest
  // is split as written, so `a//b` has an empty component, as in the crate.
  const components = pattern.slice(1).split('/');
  if (components.at(-1) === '') components.pop();
  const dirPatterns = components.map((component) => GlobPattern.compile(component));
  if (dirPatterns.length === 0) dirPatterns.push(GlobPattern.compile(''));
  return walk(dirPatterns, pattern.endsWith('/'));
}

// `Paths::next`.
function* walk(dirPatterns: readonly GlobPattern[], requireDir: boolean): Generator<string, void, undefined> {
  const todo: Todo[] = [];
  fillTodo(todo, dirPatterns, 0, candidateAt('/'));
  const last = dirPatterns.length - 1;

  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    if ('error' in item) throw item.error;
    if (item.index === MATCHED) {
      if (!requireDir || item.isDirectory) yield item.path;
      continue;
    }
    let index = item.index;
    if (dirPatterns[index]!.isRecursive) {
      let next = index;
      while (next + 1 < dirPatterns.length && dirPatterns[next + 1]!.isRecursive) next++;
      if (item.isDirectory) {
        // A directory matches `**`: its entries are matched against `**` again...
        fillTodo(todo, dirPatterns, next, item);
        if (next === last) {
          yield item.path;
          continue;
        }
        // ...and it is also matched against what follows the `**`.
        index = next + 1;
      } else if (next === last) {
        continue;
      } else {
        index = next + 1;
      }
    }
    const name = fileName(item.path);
    if (name === undefined || !dirPatterns[index]!.matches(name)) continue;
    if (index === last) {
      if (!requireDir || item.isDirectory) yield item.path;
    } else {
      fillTodo(todo, dirPatterns, index + 1, item);
    }
  }
}

/** `path.join(name)` as Rust's `Path::join` builds it (an empty name adds a trailing `/`). */
export function joinPath(path: string, name: string): string {
  if (name.startsWith('/')) return name;
  return path.endsWith('/') ? `${path}${name}` : `${path}/${name}`;
}

// `fill_todo`: queues what lies under `parent` for `dirPatterns[index]`; a component
// without metacharacters is looked up directly instead of listing the directory.
function fillTodo(todo: Todo[], dirPatterns: readonly GlobPattern[], index: number, parent: Candidate): void {
  const add = (candidate: Candidate): void => {
    if (index + 1 === dirPatterns.length) todo.push({ ...candidate, index: MATCHED });
    else fillTodo(todo, dirPatterns, index + 1, candidate);
  };
  const pattern = dirPatterns[index]!;
  if (!pattern.hasMetachars) {
    const name = pattern.original;
    const special = name === '.' || name === '..';
    const path = joinPath(parent.path, name);
    if (special ? parent.isDirectory : exists(path)) add(candidateAt(path));
    return;
  }
  if (!parent.isDirectory) return;
  let entries: Dirent[];
  try {
    entries = readdirSync(parent.path, { withFileTypes: true });
  } catch (error) {
    todo.push({ error: new GlobWalkError(parent.path, error) });
    return;
  }
  // Pushed in reverse byte order of their names, so they are popped in byte order.
  const children = entries
    .map((entry) => ({ name: Buffer.from(entry.name), candidate: candidateOf(joinPath(parent.path, entry.name), entry) }))
    .sort((a, b) => Buffer.compare(b.name, a.name));
  for (const { candidate } of children) todo.push({ ...candidate, index });
  // `.` and `..` are never listed, but a component starting with a literal `.` can match them.
  const first = pattern.tokens[0];
  if (first?.kind === 'char' && first.char === '.') {
    for (const special of ['.', '..']) {
      if (pattern.matches(special)) add(candidateAt(joinPath(parent.path, special)));
    }
  }
}

// `PathWrapper::from_path`: a directory if it is one after following symlinks.
function candidateAt(path: string): Candidate {
  try {
    return { path, isDirectory: statSync(path).isDirectory() };
  } catch {
    // Unreadable or dangling: the crate takes it for a non-directory.
    return { path, isDirectory: false };
  }
}

// `PathWrapper::from_dir_entry`: the entry's own type, unless it is a symlink.
function candidateOf(path: string, entry: Dirent): Candidate {
  return entry.isSymbolicLink() ? candidateAt(path) : { path, isDirectory: entry.isDirectory() };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    // A broken symlink still counts (`fs::symlink_metadata(..).is_ok()`).
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  }
}

// `Path::file_name`: the last component once empty and `.` components are dropped;
// none for a path ending in `..` (or for `/`).
function fileName(path: string): string | undefined {
  const last = path.split('/').filter((part) => part !== '' && part !== '.').at(-1);
  return last === '..' ? undefined : last;
}
