/** The wiring layer: load an app (check without running), start it (spin up) and reload it in place. */
export { loadApp, type LoadedApp, type LoadOptions } from './load-app.js';
export { compileComponentHosts, validateComponentHosts } from './component-policy.js';
export { hasSessionChanges } from './session-changes.js';
export {
  prepareApp,
  startApp,
  type AppReload,
  type PreparedApp,
  type ReloadCause,
  type ReloadChanges,
  type RunningApp,
  type SavedList,
  type SessionField,
  type SessionLists,
  type SessionChanges,
  type StartOptions,
} from './start-app.js';
export { ComponentSourceError } from './component-source-error.js';
export { looksLikeGlob } from './glob-pattern.js';
export { editComponentList, saveComponentList } from './save-component-list.js';
export { UnknownComponentError } from './unknown-component-error.js';
export { StoreLabelError } from './store-label-error.js';
export { UnknownStoreError } from './unknown-store-error.js';
export type { StoreBrowser } from './store-browser.js';
