/**
 * spec §10.49 (`strip_forbidden_headers` in `crates/trigger-http/src/headers.rs`):
 * what Spin removes from a request arriving from the network before routing it.
 */
import { serviceChainingTarget } from '../permissions/index.js';
import type { HeaderPairs } from './spin-headers.js';

/**
 * Removes every `Host` header when the first one names a chaining host
 * (`<id>.spin.internal`, any port), so a client cannot pose as a chained component,
 * and every `Connection` header, which is transport information that breaks guests
 * that forward the request. Other headers keep their order.
 */
export function stripForbiddenHeaders(headers: HeaderPairs): [string, string][] {
  const host = headers.find(([name]) => isNamed(name, 'host'))?.[1];
  const spoofed = host !== undefined && serviceChainingTarget(host) !== undefined;
  return headers
    .filter(([name]) => !isNamed(name, 'connection') && !(spoofed && isNamed(name, 'host')))
    .map(([name, value]): [string, string] => [name, value]);
}

function isNamed(name: string, lowerCaseName: string): boolean {
  return name.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName;
}
