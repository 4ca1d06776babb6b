import type { AllowedHostEntry, HostPattern, PortPattern, SchemePattern } from './allowed-host-entry.js';
import { cidrContains } from './cidr.js';
import type { OutboundUrl } from './outbound-url.js';
import type { SpecialHost } from './special-host.js';
import { wellKnownPort } from './well-known-port.js';

/** Which of an entry's three parts accept a request (spec §8.36). */
export interface PartVerdicts {
  readonly scheme: boolean;
  readonly host: boolean;
  readonly port: boolean;
}

/** Checks each part of one entry against a request, without short-circuiting. */
export function judgeEntry(entry: AllowedHostEntry, url: OutboundUrl): PartVerdicts {
  return {
    scheme: schemeAllows(entry.scheme, url.scheme),
    host: hostAllows(entry.host, url.specialHost),
    port: portAllows(entry.port, url.port, url.scheme),
  };
}

/** `AllowedHostConfig::allows`: scheme and host and port (spec §8.36). */
export function entryAllows(entry: AllowedHostEntry, url: OutboundUrl): boolean {
  return schemeAllows(entry.scheme, url.scheme) && portAllows(entry.port, url.port, url.scheme) && hostAllows(entry.host, url.specialHost);
}

/** spec §9.41: relative requests need an http(s)-capable scheme and a `self` or `*` host. */
export function entryAllowsRelative(entry: AllowedHostEntry): boolean {
  const schemeOk = schemeAllows(entry.scheme, 'http') || schemeAllows(entry.scheme, 'https');
  return schemeOk && (entry.host.kind === 'self' || entry.host.kind === 'any');
}

/** spec §8.37: `*` or exact, case-sensitive equality. */
export function schemeAllows(pattern: SchemePattern, scheme: string): boolean {
  return pattern.kind === 'any' || pattern.scheme === scheme;
}

/** spec §8.38. An unparsable request host matches nothing, not even `*`. */
function hostAllows(pattern: HostPattern, host: SpecialHost | undefined): boolean {
  if (host === undefined) return false;
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'self':
      return false;
    case 'literal':
      return pattern.host.kind === host.kind && pattern.host.text === host.text;
    case 'subdomain':
      return host.kind === 'domain' && host.text.endsWith(pattern.suffix);
    case 'cidr':
      return cidrContains(pattern.cidr, host);
  }
}

/** spec §8.39: the request's explicit port, else its scheme's default, else deny. */
export function portAllows(pattern: PortPattern, port: number | undefined, scheme: string): boolean {
  if (pattern.kind === 'any') return true;
  const effective = port ?? wellKnownPort(scheme);
  if (effective === undefined) return false;
  return pattern.kind === 'port' ? pattern.port === effective : pattern.start <= effective && effective < pattern.end;
}
