const SERVICE_CHAINING_DOMAIN = 'spin.internal';

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
 * A recorded request URL that Spin sends to the app itself (spec §9.40): a path
 * (`/api`), or an absolute URL whose authority host is empty or exactly `self.alt`,
 * whatever its scheme, userinfo or port. The host is compared as written, as Spin does.
 */
export function isSelfRequestUrl(url: string): boolean {
  if (isPathOnlyUrl(url)) return true;
  const start = url.indexOf('://');
  if (start < 0) return false;
  const rest = url.slice(start + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  return isSelfRequest(host);
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
