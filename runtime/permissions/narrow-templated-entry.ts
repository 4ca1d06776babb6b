import { AllowedHostError } from './allowed-host-error.js';
import { AllowedHosts, type AllowedHostsOptions } from './allowed-hosts.js';
import { parseOutboundUrl } from './outbound-url.js';
import { isSelfRequestUrl } from './request-target.js';
import { portSuffixes } from './suggest-allow-list.js';
import { wellKnownPort } from './well-known-port.js';

/** A request the entry allowed: its URL (or address) and the scheme assumed when it has none. */
interface AllowedRequest {
  readonly url: string;
  readonly defaultScheme: string;
}

/**
 * Narrows the parts of a `{{ var }}` entry that are written literally: a `*` scheme to
 * the schemes `requests` used, a `*` port or a port range to their ports (contiguous ones
 * merged, Spin's suggestion rules); every `{{ var }}` stays as written. Undefined when no
 * literal part is wider than one scheme or port, a request was a self request, or the
 * narrowed entries would not allow every request (checked with the enforcing policy).
 */
export function narrowTemplatedEntry(entry: string, requests: readonly AllowedRequest[], options: AllowedHostsOptions): string[] | undefined {
  const separator = entry.indexOf('://');
  if (separator < 0 || requests.length === 0 || requests.some(({ url }) => isSelfRequestUrl(url))) return undefined;
  const scheme = entry.slice(0, separator);
  const rest = entry.slice(separator + 3);
  // spec §2.3: the port follows the last colon, which must come after every template here.
  const colon = rest.lastIndexOf(':');
  const port = colon > rest.lastIndexOf('}}') ? rest.slice(colon + 1) : undefined;
  const host = port === undefined ? rest : rest.slice(0, colon);
  const narrowScheme = scheme === '*';
  const narrowPort = port === '*' || (port?.includes('..') === true && !port.includes('{{'));
  if (!narrowScheme && !narrowPort) return undefined;

  const portsBySchemes = new Map<string, Set<number | undefined>>();
  for (const { url, defaultScheme } of requests) {
    const parsed = parseOutboundUrl(url, defaultScheme);
    const used = narrowScheme ? parsed.scheme : scheme;
    const ports = portsBySchemes.get(used) ?? new Set<number | undefined>();
    ports.add(parsed.port ?? wellKnownPort(parsed.scheme));
    portsBySchemes.set(used, ports);
  }
  const narrowed = [...portsBySchemes].flatMap(([used, ports]) =>
    narrowPort ? portSuffixes(used, ports).map((suffix) => `${used}://${host}${suffix}`) : [`${used}://${rest}`],
  );
  return allowsEvery(narrowed, requests, options) ? narrowed : undefined;
}

function allowsEvery(entries: readonly string[], requests: readonly AllowedRequest[], options: AllowedHostsOptions): boolean {
  let policy: AllowedHosts;
  try {
    policy = AllowedHosts.parse(entries, options);
  } catch (error) {
    if (error instanceof AllowedHostError) return false;
    throw error;
  }
  return requests.every(({ url, defaultScheme }) => policy.allowedByRequest(url, defaultScheme) !== undefined);
}
