export { AllowedHostError } from './allowed-host-error.js';
export type { AllowedHostEntry, HostPattern, PortPattern, SchemePattern } from './allowed-host-entry.js';
export { AllowedHosts, type AllowedHostsOptions } from './allowed-hosts.js';
export { spinDenialLines } from './denial-message.js';
export type { DenialReason, Explanation, NearMiss, NearMissPart } from './explain-request.js';
export { OutboundUrlError, parseOutboundUrl, type OutboundUrl } from './outbound-url.js';
export { parseAllowedHost } from './parse-allowed-host.js';
export { validateEntries as validateAllowedHosts, type VariableValues } from './resolve-entries.js';
export { formatAllowList, suggestAllowList } from './suggest-allow-list.js';
