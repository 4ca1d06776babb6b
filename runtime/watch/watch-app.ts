import type { AppReload, RunningApp } from '../app/index.js';
import { FileWatcher } from './file-watcher.js';
import { runBuild } from './run-build.js';
import { effectOf, watchPlan, type WatchPlan } from './watch-plan.js';

/** What a watcher reports besides its events. */
export interface WatchAppOptions {
  /** Quiet time before a batch of changes is acted on; default 100 ms, as `spin watch`. */
  readonly debounceMs?: number;
  /** A reload succeeded (the new version is serving). */
  readonly onReloaded?: (reload: AppReload) => void;
  /** A build or a reload failed; the last good version keeps serving. */
  readonly onFailed?: (error: unknown) => void;
}

/** A running watch; `close()` stops it. */
export interface AppWatcher {
  /** The plan in force: the manifest, the wasm sources and each component's build. */
  readonly plan: WatchPlan;
  close(): Promise<void>;
}

/**
 * `spin watch`, in process: watches spin.toml, each component's local wasm and each
 * component's `build.watch` globs. A changed source runs that component's
 * `build.command`, then reloads; a changed manifest or wasm reloads (only the
 * components whose wasm or variables changed get new engines; a policy-only edit swaps
 * the policy table). A failed build or reload leaves the last good version serving.
 * Batches are handled one at a time; changes seen meanwhile form the next batch.
 */
export async function watchApp(running: RunningApp, options: WatchAppOptions = {}): Promise<AppWatcher> {
  let plan = watchPlan(running.app.manifest);
  let queue: Promise<void> = Promise.resolve();

  const handle = async (files: string[]): Promise<void> => {
    const effect = effectOf(plan, files);
    try {
      for (const build of effect.builds) await runBuild(build, files, running.events);
      if (effect.builds.length > 0) {
        // The build wrote its wasm while it ran: this reload serves it, so those changes are spent.
        const spent = new Set(plan.wasm.keys());
        const rest = watcher.drain().filter((file) => !spent.has(file));
        if (rest.length > 0) queue = queue.then(() => handle(rest));
      } else if (!effect.reload) {
        return;
      }
      // Not inside `onReloaded?.(...)`: an absent callback would skip evaluating the reload.
      const reload = await running.reloadChangedFiles(files);
      if (reload === undefined) return;
      options.onReloaded?.(reload);
      plan = watchPlan(running.app.manifest);
      watcher.replace(plan.targets);
    } catch (error) {
      options.onFailed?.(error);
    }
  };

  const watcher = await FileWatcher.start(
    plan.targets,
    (files) => {
      queue = queue.then(() => handle(files));
    },
    options.debounceMs,
  );
  return {
    get plan() {
      return plan;
    },
    close: () => watcher.close(),
  };
}
