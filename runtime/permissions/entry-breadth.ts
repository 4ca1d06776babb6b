import type { AllowedHostEntry } from './allowed-host-entry.js';

const SERVICE_CHAINING_SUFFIX = '.spin.internal';
const ADDRESS_BITS = { ipv4: 32, ipv6: 128 } as const;

/**
 * Why an entry lets out more than named destinations: each part written wider than one
 * scheme, one host and one port (spec §3–5), worded for the developer. Empty for an
 * entry that names exactly one scheme, host and port (or `self`).
 */
export function entryBreadth(entry: AllowedHostEntry): string[] {
  const reasons: string[] = [];
  if (entry.scheme.kind === 'any') reasons.push('any scheme (*://)');
  switch (entry.host.kind) {
    case 'any':
      reasons.push('any host');
      break;
    case 'subdomain':
      reasons.push(entry.host.suffix === SERVICE_CHAINING_SUFFIX ? 'every component of the app (*.spin.internal)' : `any subdomain of ${entry.host.suffix.slice(1)}`);
      break;
    case 'cidr': {
      const hostBits = ADDRESS_BITS[entry.host.cidr.family] - entry.host.cidr.prefix;
      if (hostBits > 0) reasons.push(`a /${entry.host.cidr.prefix} network: ${addressCount(hostBits)} addresses`);
      break;
    }
    case 'literal':
    case 'self':
      break;
  }
  if (entry.port.kind === 'any') reasons.push('every port (:*)');
  else if (entry.port.kind === 'range' && entry.port.end - entry.port.start > 1) reasons.push(`${entry.port.end - entry.port.start} ports (${entry.port.start}..${entry.port.end})`);
  return reasons;
}

function addressCount(hostBits: number): string {
  return hostBits <= 24 ? String(2 ** hostBits) : `2^${hostBits}`;
}
