import { watch, type FSWatcher } from 'chokidar';
import { dirname, sep } from 'node:path';

/** `spin watch --debounce` defaults to 100 ms (src/commands/watch.rs, `WATCH_DEBOUNCE_OPT`). */
export const DEFAULT_DEBOUNCE_MS = 100;

/** Never worth descending into under a glob's base; Vim's swap files, which Spin ignores too. */
const IGNORED = /(^|[/\\])(node_modules|\.git)([/\\]|$)|\.swp$/;

/** What to watch: single files, and directories whose whole tree matters. */
export interface WatchTargets {
  /** Absolute files; their directories are watched, so a file replaced by rename is still seen. */
  readonly files: readonly string[];
  /** Absolute directories, watched recursively. */
  readonly dirs: readonly string[];
}

/** Watches files and directory trees, reporting changed files in debounced batches. */
export class FileWatcher {
  readonly #watcher: FSWatcher;
  readonly #changed = new Set<string>();
  readonly #debounceMs: number;
  readonly #onBatch: (files: string[]) => void;
  #targets: Scope;
  #timer: NodeJS.Timeout | undefined;

  private constructor(targets: WatchTargets, debounceMs: number, onBatch: (files: string[]) => void) {
    this.#targets = new Scope(targets);
    this.#debounceMs = debounceMs;
    this.#onBatch = onBatch;
    // Editors and build tools often save by writing a new file and renaming it over the
    // old one; watching the directory (not the file's inode) still sees that.
    this.#watcher = watch(this.#targets.roots(), { ignoreInitial: true, ignored: (path) => !this.#targets.enters(path) });
    // As `spin watch` (filters.rs `is_mutating`): created, modified and removed files only.
    this.#watcher.on('all', (event, path) => {
      if ((event === 'add' || event === 'change' || event === 'unlink') && this.#targets.reports(path)) this.#note(path);
    });
  }

  /**
   * Starts watching and resolves once the watcher is ready. `onBatch` gets each set of
   * files changed within `debounceMs` of each other, once they have been quiet that long.
   */
  static async start(targets: WatchTargets, onBatch: (files: string[]) => void, debounceMs = DEFAULT_DEBOUNCE_MS): Promise<FileWatcher> {
    const fileWatcher = new FileWatcher(targets, debounceMs, onBatch);
    await new Promise<void>((resolve, reject) => fileWatcher.#watcher.once('ready', resolve).once('error', reject));
    return fileWatcher;
  }

  /** Watches `targets` instead (the manifest changed what matters). */
  replace(targets: WatchTargets): void {
    const before = new Set(this.#targets.roots());
    this.#targets = new Scope(targets);
    const after = this.#targets.roots();
    const gone = [...before].filter((root) => !after.includes(root));
    const added = after.filter((root) => !before.has(root));
    if (gone.length > 0) this.#watcher.unwatch(gone);
    if (added.length > 0) this.#watcher.add(added);
  }

  /** Takes the files noted but not yet reported, so they are not reported. */
  drain(): string[] {
    clearTimeout(this.#timer);
    const files = [...this.#changed];
    this.#changed.clear();
    return files;
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#watcher.close();
  }

  #note(path: string): void {
    this.#changed.add(path);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#onBatch(this.drain()), this.#debounceMs);
  }
}

/** Which paths a set of targets covers. */
class Scope {
  readonly #files: Set<string>;
  readonly #fileDirs: Set<string>;
  readonly #dirs: readonly string[];

  constructor(targets: WatchTargets) {
    this.#files = new Set(targets.files);
    this.#fileDirs = new Set(targets.files.map((file) => dirname(file)));
    this.#dirs = targets.dirs;
  }

  /** The paths handed to chokidar. */
  roots(): string[] {
    return [...new Set([...this.#fileDirs, ...this.#dirs])];
  }

  /** Whether chokidar should look at `path` at all (descend into it, or report it). */
  enters(path: string): boolean {
    return this.#fileDirs.has(path) || this.reports(path);
  }

  /** Whether a change to `path` is one of ours. */
  reports(path: string): boolean {
    if (this.#files.has(path)) return true;
    return this.#dirs.some((dir) => (path === dir || path.startsWith(dir + sep)) && !IGNORED.test(path.slice(dir.length)));
  }
}
