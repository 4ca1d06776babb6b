/** The Wasm engine: load a component, handle requests on fresh instances in a worker. */
export { loadComponent, type ComponentEngine, type ComponentLoadOptions } from './load-component.js';
export { defaultCacheDir } from './transpile-cache.js';
export type { GuestOutput, GuestResponse, StoreLayoutData } from './worker-protocol.js';
export type { StreamingGuestResponse } from './guest-exchange.js';
export { GuestTrap } from './guest-trap.js';
export { GuestTimeout } from './guest-timeout.js';
export { EngineError } from './engine-error.js';
export { UnsupportedImportError, type AddressCheck, type AddressVerdict, type Grants, type HostEvent, type MountedFiles } from '../host/index.js';
