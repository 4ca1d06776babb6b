import { AllowedHttpHostsError } from './allowed-http-hosts-error.js';
import { urlErrorReason } from './url-error-reason.js';

const ALLOW_ALL = 'insecure:allow-all';

interface HttpHost {
  readonly domain: string;
  readonly port?: string;
}

/**
 * Converts a deprecated `allowed_http_hosts` list to `allowed_outbound_hosts` entries
 * exactly as Spin's `convert_allowed_http_to_allowed_hosts` does without database
 * access (spec §16): `insecure:allow-all` anywhere wins, `self` becomes `http://self`,
 * and every other `host[:port]` becomes both an `http://` and an `https://` entry.
 * Throws {@link AllowedHttpHostsError} listing every invalid entry.
 */
export function convertAllowedHttpHosts(entries: readonly string[]): string[] {
  // spec §16.68: other entries are ignored, even invalid ones.
  if (entries.includes(ALLOW_ALL)) return ['http://*:*', 'https://*:*', 'http://self'];
  const hosts: HttpHost[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const parsed = parseAllowedHttpHost(entry);
    if (typeof parsed === 'string') problems.push(parsed);
    else hosts.push(parsed);
  }
  if (problems.length > 0) throw new AllowedHttpHostsError(problems);
  return hosts.flatMap(({ domain, port }) => {
    if (domain === 'self') return ['http://self'];
    const suffix = port === undefined ? '' : `:${port}`;
    return [`http://${domain}${suffix}`, `https://${domain}${suffix}`];
  });
}

// spec §16.69; returns Spin's message for an invalid entry.
function parseAllowedHttpHost(text: string): HttpHost | string {
  // Spin's "crude check": without it `localhost:3001` would parse with scheme `localhost`.
  if (text.includes('//')) {
    const url = parseUrl(text);
    if (url === undefined) return `${text} isn't a valid HTTP host URL: ${urlErrorReason(text)}`;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${text} isn't a valid host or host:port string`;
    return fromHttpUrl(url, text);
  }
  const url = parseUrl(`http://${text}`);
  if (url === undefined) return `${text} isn't a valid host or host:port string`;
  return fromHttpUrl(url, text);
}

function fromHttpUrl(url: URL, text: string): HttpHost | string {
  if (url.hostname === '') return `${text} doesn't contain a host name`;
  if (url.pathname.length > 1) return `${text} contains a path, should be host and optional port only`;
  // WHATWG drops the scheme's default port, as the url crate's `port()` does (spec §16.69).
  return url.port === '' ? { domain: url.hostname } : { domain: url.hostname, port: url.port };
}

function parseUrl(text: string): URL | undefined {
  return URL.canParse(text) ? new URL(text) : undefined;
}
