/** The Wasm engine: load a component, handle each request on a fresh instance in a worker, with what the request brings. */
export { loadComponent, type ComponentEngine, type ComponentLoadOptions } from './load-component.js';
export { defaultCacheDir } from './transpile-cache.js';
export { ISOLATED_CALL, type GuestCall } from './guest-call.js';
export type { GuestResponse } from './guest-exchange.js';
export type { GuestOutput, StoreLayoutData } from './worker-protocol.js';
export { GuestTrap } from './guest-trap.js';
export { GuestTimeout } from './guest-timeout.js';
export { EngineError } from './engine-error.js';
export { UnsupportedImportError, type AddressCheck, type AddressVerdict, type Grants, type HostEvent, type MountedFiles } from '../host/index.js';
