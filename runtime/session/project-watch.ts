import type { AppReload, RunningApp } from '../app/index.js';
import { FileWatcher, watchApp, type AppWatcher } from '../watch/index.js';

/** What a session hears from its watch. */
export interface ProjectWatchHooks {
  /** `running` reloaded from a watched change and serves the new version. */
  readonly onReloaded: (running: RunningApp, reload: AppReload) => void;
  /** A watched change failed to build or load; `running` keeps serving. */
  readonly onFailed: (running: RunningApp, error: unknown) => void;
  /** The spin.toml of a project that failed to load changed: try again. */
  readonly retry: () => void;
}

/**
 * A session's `watch: true`: while an app serves, `watchApp` over it; while the
 * project fails to load, a watcher on its spin.toml, so fixing the file starts it.
 */
export class ProjectWatch {
  readonly #hooks: ProjectWatchHooks;
  #watcher: AppWatcher | FileWatcher | undefined;

  constructor(hooks: ProjectWatchHooks) {
    this.#hooks = hooks;
  }

  /** Watches what matters after a launch: the running app, else the project's manifest. */
  async follow(running: RunningApp | undefined, manifestFile: string | undefined): Promise<void> {
    await this.close();
    if (running !== undefined) {
      this.#watcher = await watchApp(running, {
        onReloaded: (reload) => this.#hooks.onReloaded(running, reload),
        onFailed: (error) => this.#hooks.onFailed(running, error),
      });
    } else if (manifestFile !== undefined) {
      this.#watcher = await FileWatcher.start({ files: [manifestFile], dirs: [] }, () => this.#hooks.retry());
    }
  }

  /** Stops watching (the app is stopping, or another launch is under way). */
  async close(): Promise<void> {
    const watcher = this.#watcher;
    this.#watcher = undefined;
    await watcher?.close();
  }
}
