import type { Explanation, NearMiss } from '../api/explanation.js';
import type { SpinscopeError } from '../errors/spinscope-error.js';
import type { AllowedHostEntry, HostPattern } from './allowed-host-entry.js';
import type { CompiledPolicy } from './compile-policy.js';
import { entryAllowsRelative, judgeEntry } from './entry-allows.js';
import { authorityOf, OutboundUrlError, parseOutboundUrl, type OutboundUrl } from './outbound-url.js';
import { tryParseAllowedHost } from './parse-allowed-host.js';
import type { SpecialHost } from './special-host.js';

const MAX_NEAR_MISSES = 5;
// The url crate drops these default ports (spec §7.33) but Spin has no default for them (§5.19).
const URL_ONLY_DEFAULT_PORTS: Readonly<Record<string, number>> = { ws: 80, wss: 443, ftp: 21 };

/** Explains a check of an absolute URL against a compiled policy. */
export function explainRequest(policy: CompiledPolicy, resolutionError: SpinscopeError | undefined, url: string, defaultScheme: string): Explanation {
  let parsed: OutboundUrl;
  try {
    parsed = parseOutboundUrl(url, defaultScheme);
  } catch (error) {
    if (!(error instanceof OutboundUrlError)) throw error;
    // spec §7.34: Spin prints no suggestion for a URL it cannot parse.
    return { url, allowed: false, nearMisses: [], denial: { reason: 'unparsable-url', message: error.message } };
  }
  const destination = `${parsed.scheme}://${authorityOf(parsed)}`;
  if (resolutionError) return unresolved(url, resolutionError, destination);
  const matched = policy.matchedBy(parsed);
  if (matched) return { url, allowed: true, matchedBy: matched.text, nearMisses: [], destination };
  const suggestion = suggestEntry(parsed, destination);
  return {
    url,
    allowed: false,
    nearMisses: findNearMisses(policy.entries, parsed),
    destination,
    ...(suggestion === undefined ? {} : { suggestion }),
    denial: { reason: 'not-allowed', message: `no allowed_outbound_hosts entry matches ${destination}` },
  };
}

/** Explains a relative (`self`) request (spec §9.41, §12.53). */
export function explainRelativeRequest(policy: CompiledPolicy, resolutionError: SpinscopeError | undefined): Explanation {
  const url = '/';
  const destination = 'http://self';
  if (resolutionError) return unresolved(url, resolutionError, destination);
  const matched = policy.entries.find(entryAllowsRelative);
  if (matched) return { url, allowed: true, matchedBy: matched.text, nearMisses: [], destination };
  return {
    url,
    allowed: false,
    nearMisses: [],
    destination,
    suggestion: destination,
    denial: { reason: 'not-allowed', message: 'no allowed_outbound_hosts entry allows requests to the app itself' },
  };
}

function unresolved(url: string, error: SpinscopeError, destination: string): Explanation {
  // spec §11.50: every check fails, and Spin does not print its hint.
  return {
    url,
    allowed: false,
    nearMisses: [],
    destination,
    denial: {
      reason: 'policy-unresolved',
      message: `allowed_outbound_hosts could not be resolved, so every request from this component is denied: ${error.message}`,
    },
  };
}

// Spin suggests `<scheme>://<authority>`; where that entry would not parse (a ws:// URL
// whose default port the url crate dropped) the port is written out so it does.
function suggestEntry(url: OutboundUrl, destination: string): string | undefined {
  if (url.specialHost === undefined) return undefined;
  if (entryParses(destination)) return destination;
  const port = url.port ?? URL_ONLY_DEFAULT_PORTS[url.scheme];
  const explicit = `${url.scheme}://${url.host}:${port ?? '*'}`;
  return entryParses(explicit) ? explicit : undefined;
}

function entryParses(text: string): boolean {
  return tryParseAllowedHost(text) !== undefined;
}

function findNearMisses(entries: readonly AllowedHostEntry[], url: OutboundUrl): NearMiss[] {
  const misses: NearMiss[] = [];
  for (const entry of entries) {
    const verdict = judgeEntry(entry, url);
    const failed = (['scheme', 'host', 'port'] as const).filter((part) => !verdict[part]);
    const [only] = failed;
    if (failed.length !== 1 || only === undefined) continue;
    if (only === 'host' && !hostIsRelated(entry.host, url)) continue;
    misses.push({ entry: entry.text, failed: only });
    if (misses.length === MAX_NEAR_MISSES) break;
  }
  return misses;
}

// A host miss is worth showing only when the hosts are plainly related: the same
// parent domain (including `*.example.com` vs `example.com`), an IP against IP
// entries, or `self` written as an absolute host (spec §8.38).
function hostIsRelated(pattern: HostPattern, url: OutboundUrl): boolean {
  const host = url.specialHost;
  if (host === undefined) return false;
  switch (pattern.kind) {
    case 'self':
      return host.text === 'self' || host.text === 'self.alt';
    case 'literal':
      return host.kind === 'domain' ? sameParent(pattern.host.text, host) : pattern.host.kind !== 'domain';
    case 'subdomain':
      return sameParent(pattern.suffix.slice(1), host);
    case 'cidr':
      return host.kind !== 'domain';
    case 'any':
      return false;
  }
}

function sameParent(domain: string, host: SpecialHost): boolean {
  if (host.kind !== 'domain') return false;
  return parentOf(domain) === parentOf(host.text);
}

function parentOf(domain: string): string {
  return domain.split('.').filter(Boolean).slice(-2).join('.');
}
