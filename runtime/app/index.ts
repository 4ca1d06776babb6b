/** The wiring layer: load an app (check without running) and start it (spin up). */
export { loadApp, type LoadedApp, type LoadOptions } from './load-app.js';
export { prepareApp, startApp, type PreparedApp, type RunningApp, type StartOptions } from './start-app.js';
export { ComponentSourceError } from './component-source-error.js';
export { editAllowedHosts, saveAllowedHosts } from './save-allowed-hosts.js';
