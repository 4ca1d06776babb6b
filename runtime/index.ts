/**
 * Spinscope's runtime: the public API of `spinscope/runtime`.
 * Everything else (CLI, Electron main, the browser bridge) is a shell over this.
 */
export { SpinscopeError, UsageError, type SerializedError, type SpinscopeErrorCode } from './errors/spinscope-error.js';
export * from './manifest/index.js';
export * from './permissions/index.js';
export * from './variables/index.js';
export * from './app/index.js';
export * from './watch/index.js';
export * from './engine/index.js';
export * from './http/index.js';
export type * from './api/events.js';
export * from './events/index.js';
export * from './dispatcher/index.js';
export * from './trigger/index.js';
export * from './session/index.js';
export * from './bridge/index.js';
export * from './rules/index.js';
