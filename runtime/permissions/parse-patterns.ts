import { AllowedHostError } from './allowed-host-error.js';
import type { HostPattern, PortPattern, SchemePattern } from './allowed-host-entry.js';
import { parseCidr } from './cidr.js';
import { rustDebug } from '../errors/rust-debug.js';
import { isSpecialHost, parseSpecialHost } from './special-host.js';
import { wellKnownPort } from './well-known-port.js';

const ALPHABETIC = /^\p{Alphabetic}*$/u;
const RUST_U16 = /^\+?\d+$/;

function fail(text: string, reason: string, context: string[] = []): never {
  throw new AllowedHostError({ entry: text, reason, context });
}

/** `SchemeConfig::parse` (spec §3). */
export function parseSchemePattern(scheme: string): SchemePattern {
  if (scheme === '*') return { kind: 'any' };
  if (scheme.startsWith('{')) fail(scheme, 'scheme lists are not supported');
  if (!ALPHABETIC.test(scheme)) fail(scheme, 'only alphabetic characters are allowed');
  return { kind: 'exact', scheme };
}

/** `HostConfig::parse` (spec §4), checks in Spin's order. */
export function parseHostPattern(raw: string): HostPattern {
  let host = raw.trim();
  if (host === '*') return { kind: 'any' };
  if (host === 'self' || host === 'self.alt') return { kind: 'self' };
  if (host.startsWith('{')) {
    if (!host.endsWith('}')) fail(host, "Condition failed: `host.ends_with('}')`");
    fail(host, 'host lists are not yet supported');
  }
  const cidr = parseCidr(host);
  if (cidr) return { kind: 'cidr', cidr };
  if (host.endsWith('/')) host = host.slice(0, -1);
  if (host.includes('/')) fail(host, 'must not include a path');
  if (host.startsWith('*.')) return parseSubdomainPattern(host.slice(2));
  if (host.includes('*')) fail(host, 'wildcards are allowed only as subdomains');
  const literal = parseSpecialHost(host);
  if (!isSpecialHost(literal)) fail(host, literal);
  return { kind: 'literal', host: literal };
}

function parseSubdomainPattern(domain: string): HostPattern {
  if (domain.includes('*')) fail(domain, 'wildcards are allowed only as prefixes');
  const suffix = parseSpecialHost(domain);
  if (!isSpecialHost(suffix)) fail(domain, suffix, [`invalid wildcard host ${rustDebug(`*.${domain}`)}`]);
  if (suffix.kind !== 'domain') fail(domain, 'wildcard suffix must be a domain');
  return { kind: 'subdomain', suffix: `.${suffix.text}` };
}

/** `PortConfig::parse` (spec §5): empty means the scheme's default, which must exist. */
export function parsePortPattern(port: string, scheme: string): PortPattern {
  if (port === '') {
    const fallback = wellKnownPort(scheme);
    if (fallback === undefined) {
      fail(port, `no port was provided and the scheme ${rustDebug(scheme)} does not have a known default port number`);
    }
    return { kind: 'port', port: fallback };
  }
  if (port === '*') return { kind: 'any' };
  if (port.startsWith('{')) fail(port, 'port lists are not yet supported');
  const dots = port.indexOf('..');
  if (dots >= 0) {
    // spec §5.22: `a..b` is half-open; a reversed range parses and matches nothing.
    const start = parseRustU16(port.slice(0, dots));
    const end = parseRustU16(port.slice(dots + 2));
    if (start === undefined || end === undefined) fail(port, `port range ${rustDebug(port)} contains non-number`);
    return { kind: 'range', start, end };
  }
  const single = parseRustU16(port);
  if (single === undefined) fail(port, `port ${rustDebug(port)} is not a number`);
  return { kind: 'port', port: single };
}

// spec §5.23: Rust's u16 parser accepts a leading `+` and leading zeros, nothing else.
function parseRustU16(text: string): number | undefined {
  if (!RUST_U16.test(text)) return undefined;
  const value = Number(text);
  return value <= 0xffff ? value : undefined;
}
