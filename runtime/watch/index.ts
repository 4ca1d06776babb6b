/** `spin watch` in process: watch the app's files, run builds, reload the running app. */
export { watchApp, type AppWatcher, type WatchAppOptions } from './watch-app.js';
export { watchPlan, type ComponentBuild, type WatchPlan } from './watch-plan.js';
export { DEFAULT_DEBOUNCE_MS, FileWatcher, type WatchTargets } from './file-watcher.js';
export { BuildError } from './build-error.js';
