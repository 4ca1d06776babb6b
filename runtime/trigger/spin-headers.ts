/**
 * The `spin-*` headers Spin adds to every request it hands a component
 * (`crates/trigger-http/src/headers.rs`: `compute_default_headers`,
 * `prepare_request_headers`). Only the `SPIN_*` names reach a component, as
 * `spin-<name>`; the `X_*` twins are for the Wagi executor's environment.
 */
import type { RouteMatch } from './router.js';

/** Header name/value pairs in order; values are byte strings (latin1). */
export type HeaderPairs = readonly (readonly [name: string, value: string])[];

/** spec §10.44: the client address Spin reports for a chained request. */
export const CHAINED_CLIENT_ADDR = '0.0.0.0:0';

/** What Spin's header computation reads besides the route match. */
export interface SpinHeaderInput {
  readonly match: RouteMatch;
  /** The listener's scheme (the trigger serves plain HTTP; chained requests are HTTP too). */
  readonly scheme: 'http' | 'https';
  /** The `Host` header after stripping, or undefined: Spin then writes `localhost`. */
  readonly host: string | undefined;
  /** Path and query exactly as received, e.g. `/foo/bar?key1=value1`. */
  readonly pathWithQuery: string;
  /** The peer as Rust prints a socket address: `127.0.0.1:8777`, `[::1]:8777`. */
  readonly clientAddr: string;
}

/**
 * Spin's own headers for a routed request, in Spin's order: path info, full URL,
 * matched route, base path, raw component route, component route, client address,
 * then one `spin-path-match-<name>` per `:name` capture (name lower-cased, `_` as `-`).
 * Pairs whose name or value is not a valid header are left out, as Spin drops them.
 */
export function spinHeaders(input: SpinHeaderInput): [string, string][] {
  const { match } = input;
  const pairs: [string, string][] = [
    ['spin-path-info', match.pathInfo],
    ['spin-full-url', `${input.scheme}://${input.host ?? 'localhost'}${input.pathWithQuery}`],
    ['spin-matched-route', match.matchedRoute],
    ['spin-base-path', match.basePath],
    ['spin-raw-component-route', match.rawRoute],
    ['spin-component-route', match.componentRoute],
    ['spin-client-addr', input.clientAddr],
  ];
  for (const [name, value] of match.pathMatches) {
    // `SPIN_PATH_MATCH_<NAME>` upper-cased, then `prepare_header_key`: `_` -> `-`, lower-cased.
    pairs.push([`spin-path-match-${asciiLowerCase(name.replaceAll('_', '-'))}`, value]);
  }
  return pairs.filter(([name, value]) => isHeaderName(name) && isHeaderValue(value));
}

/**
 * The header list a component receives: the request's own headers (names lower-cased,
 * order and repeats kept) followed by Spin's. A client-sent `spin-*` header is not
 * removed; the component sees both values, as with Spin.
 */
export function prepareRequestHeaders(
  headers: HeaderPairs,
  input: Omit<SpinHeaderInput, 'host'>,
): [string, string][] {
  const own = headers.map(([name, value]): [string, string] => [asciiLowerCase(name), value]);
  const host = own.find(([name]) => name === 'host')?.[1];
  return [...own, ...spinHeaders({ ...input, host })];
}

/** Rust's `SocketAddr` display: IPv6 addresses are bracketed. */
export function formatSocketAddress(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** RFC 9110 `token`, what `http::HeaderName` accepts. */
function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i.test(name);
}

/** `http::HeaderValue::from_bytes`: no control characters except tab. */
function isHeaderValue(value: string): boolean {
  return !/[\x00-\x08\x0a-\x1f\x7f]/.test(value);
}
