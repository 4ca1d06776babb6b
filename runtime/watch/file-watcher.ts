import { watch, type FSWatcher } from 'chokidar';

/** `spin watch --debounce` defaults to 100 ms (src/commands/watch.rs, `WATCH_DEBOUNCE_OPT`). */
export const DEFAULT_DEBOUNCE_MS = 100;

/** Directories never worth descending into for a glob's base, and Vim's swap files, which Spin ignores too. */
const IGNORED = /(^|[/\\])(node_modules|\.git)([/\\]|$)|\.swp$/;

/** Watches files and directories, reporting changed files in debounced batches. */
export class FileWatcher {
  readonly #watcher: FSWatcher;
  readonly #changed = new Set<string>();
  readonly #debounceMs: number;
  readonly #onBatch: (files: string[]) => void;
  #paths: readonly string[];
  #timer: NodeJS.Timeout | undefined;

  private constructor(watcher: FSWatcher, paths: readonly string[], debounceMs: number, onBatch: (files: string[]) => void) {
    this.#watcher = watcher;
    this.#paths = paths;
    this.#debounceMs = debounceMs;
    this.#onBatch = onBatch;
    // As `spin watch` (filters.rs `is_mutating`): created, modified and removed files only.
    watcher.on('all', (event, path) => {
      if (event === 'add' || event === 'change' || event === 'unlink') this.#note(path);
    });
  }

  /**
   * Starts watching `paths` (files, or directories watched recursively) and resolves
   * once the watcher is ready. `onBatch` gets each set of files changed within
   * `debounceMs` of each other, once they have been quiet that long.
   */
  static async start(paths: readonly string[], onBatch: (files: string[]) => void, debounceMs = DEFAULT_DEBOUNCE_MS): Promise<FileWatcher> {
    // chokidar follows a file replaced by rename, as editors and build tools save.
    const watcher = watch([...paths], { ignoreInitial: true, ignored: (path) => IGNORED.test(path) && !paths.includes(path) });
    await new Promise<void>((resolve, reject) => watcher.once('ready', resolve).once('error', reject));
    return new FileWatcher(watcher, paths, debounceMs, onBatch);
  }

  /** Watches `paths` instead of what it watched (the manifest changed what matters). */
  replace(paths: readonly string[]): void {
    const gone = this.#paths.filter((path) => !paths.includes(path));
    const added = paths.filter((path) => !this.#paths.includes(path));
    this.#paths = paths;
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
