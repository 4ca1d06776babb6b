import { tryParseAllowedHost } from './parse-allowed-host.js';

const SERVICE_CHAINING_DOMAIN = 'spin.internal';
const SERVICE_CHAINING_SUFFIX = `.${SERVICE_CHAINING_DOMAIN}`;

/**
 * spec §9.40: a wasi-http request is a self request when it has no authority host
 * (Spin first undoes wasmtime's `https://:443/path` fill-in) or its host is exactly
 * `self.alt`, whatever the scheme or port.
 */
export function isSelfRequest(authorityHost: string | undefined): boolean {
  return authorityHost === undefined || authorityHost === '' || authorityHost === 'self.alt';
}

/** A URL written as a path (`/api`, not `//host/api`): a relative request (spec §9.40). */
export function isPathOnlyUrl(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

/**
 * spec §10.44 (`parse_service_chaining_target`): drop any `:port`, split at the first
 * dot, and require the rest to be exactly `spin.internal` (case-sensitive). Returns the
 * target component id; `a.b.spin.internal` and `spin.internal` are not targets.
 */
export function serviceChainingTarget(host: string): string | undefined {
  const colon = host.lastIndexOf(':');
  const hostname = colon < 0 ? host : host.slice(0, colon);
  const dot = hostname.indexOf('.');
  if (dot < 0 || hostname.slice(dot + 1) !== SERVICE_CHAINING_DOMAIN) return undefined;
  return hostname.slice(0, dot);
}

/**
 * spec §10.47 (`requires_service_chaining`): some entry parses and names a
 * `*.spin.internal` host, literally or as the wildcard. Templated entries and
 * `*://*:*` do not count.
 */
export function requiresServiceChaining(entries: readonly string[]): boolean {
  return entries.some((text) => {
    const host = tryParseAllowedHost(text)?.host;
    if (host?.kind === 'subdomain') return host.suffix === SERVICE_CHAINING_SUFFIX;
    return host?.kind === 'literal' && host.host.kind === 'domain' && host.host.text.endsWith(SERVICE_CHAINING_SUFFIX);
  });
}
