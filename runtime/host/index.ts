/**
 * What a guest instance imports: the WASI and Spin interfaces, built per instance. Other
 * layers reach the host only through this file (the engine, which instantiates guests).
 */
export { checkImports, createGuestHost, type AsyncFunctionImport, type GuestHostOptions } from './guest-host.js';
export { NO_GRANTS, type AddressCheck, type AddressVerdict, type Grants, type GuestServices, type HostEvent } from './guest-services.js';
export { IncomingRequest } from './http-incoming.js';
export { ResponseOutparam } from './http-outgoing.js';
export type { MountedFiles } from './mounted-files.js';
export type { BodyClose, OutboundLink, SentRequest } from './outbound-link.js';
export { UnsupportedImportError } from './unsupported-import-error.js';
export { headersFromWit } from './wit-http.js';
export { WriteWindow } from './write-window.js';
