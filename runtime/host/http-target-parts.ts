/**
 * Which values the `outgoing-request` setters accept: wasmtime-wasi-http parses each with
 * the `http` crate (1.4.2 in Spin's lockfile) and returns the setter's `err` for what it
 * refuses (`crates/wasi-http/src/p2/types_impl.rs`): the method as `http::Method`, the path
 * as `http::uri::PathAndQuery`, a scheme other than `HTTP` / `HTTPS` as
 * `http::uri::Scheme`, the authority as `http::uri::Authority` with a numeric port.
 * Refusing them here means the policy check and undici only ever read one URL, built
 * from parts that cannot run into each other.
 *
 * Guest strings arrive as valid UTF-8, so a code point above U+007F stands for the
 * non-ASCII bytes `http` sees.
 */

/** `http::Method::from_bytes`: a non-empty RFC 9110 token. */
export function isMethod(method: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method);
}

/** `http::uri::Scheme::try_from` (`Scheme2::parse_exact`): at most 64 of `A-Za-z0-9+-.~`, the empty string included. */
export function isScheme(scheme: string): boolean {
  return scheme.length <= MAX_SCHEME_LENGTH && /^[A-Za-z0-9+\-.~]*$/.test(scheme);
}

const MAX_SCHEME_LENGTH = 64;

/**
 * `http::uri::PathAndQuery::try_from` (`scan_path_and_query`): `*`, or text starting with
 * `/`, `?` or `#` whose path allows what httparse does (`"`, `{` and `}` included) and whose
 * query allows `0x21`, `0x24`–`0x3B`, `0x3D` and `0x3F`–`0x7E`; anything after a `#` is a
 * fragment, never checked (the request drops it).
 */
export function isPathWithQuery(pathWithQuery: string): boolean {
  if (pathWithQuery === '*') return true;
  return /^[/?#]/.test(pathWithQuery) && /^[!"$-;=@-_a-z{|}~\u0080-\u{10FFFF}]*(\?[!$-;=?-~\u0080-\u{10FFFF}]*)?(#.*)?$/su.test(pathWithQuery);
}

// `URI_CHARS` in http's `uri/mod.rs`; `%` is handled apart, as `validate_authority_bytes` does.
const URI_CHAR = /[!#$&'()*+,\-./0-9:;=?@A-Z[\]_a-z~]/;

/** At most 8 colons count, e.g. `[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80`. */
const MAX_COLONS = 8;

/**
 * wasmtime's `parse_authority` (`crates/wasi-http/src/authority.rs`, since #14123; 47
 * stops at the first step): `http::uri::Authority::try_from`, then a port section, if
 * there is one (a `:` after any `]`), must be a `u16`. So `host:`, `host:abc`,
 * `host:65536` and a userinfo's `user:pass@host` without a port are refused (47, which
 * Spin pins, took them and then failed to connect to targets such as `host::443`).
 */
export function isAuthority(authority: string): boolean {
  if (!isHttpAuthority(authority)) return false;
  const hasPort = authority.slice(Math.max(0, authority.lastIndexOf(']'))).includes(':');
  return !hasPort || isPort(authority.slice(authority.lastIndexOf(':') + 1));
}

/** `authority.port_u16()`: Rust's `u16::from_str`, which takes a leading `+`. */
function isPort(port: string): boolean {
  return /^\+?[0-9]+$/.test(port) && Number(port.replace(/^\+/, '')) <= 65_535;
}

/**
 * `http::uri::Authority::try_from` (`validate_authority_bytes`, then the whole string must
 * be the authority): URI characters only, so never `\`, a space or a non-ASCII character;
 * no `/`, `?` or `#`; one port colon at most after any `@` or `]`; brackets only as one
 * `[...]`, and not after a `%`; something after the last `@`; `%` only in the userinfo or
 * inside the brackets.
 */
function isHttpAuthority(authority: string): boolean {
  if (authority === '') return false;
  let colons = 0;
  let openBracket = false;
  let closeBracket = false;
  let percent = false;
  let lastAt = -1;
  for (let i = 0; i < authority.length; i++) {
    const char = authority[i]!;
    if (char === '%') {
      percent = true;
      continue;
    }
    if (!URI_CHAR.test(char)) return false;
    if (char === '/' || char === '?' || char === '#') return false;
    if (char === ':') {
      if (colons >= MAX_COLONS) return false;
      colons++;
    } else if (char === '[') {
      if (percent || openBracket) return false;
      openBracket = true;
    } else if (char === ']') {
      if (!openBracket || closeBracket) return false;
      closeBracket = true;
      colons = 0;
      percent = false;
    } else if (char === '@') {
      lastAt = i;
      colons = 0;
      percent = false;
    }
  }
  return openBracket === closeBracket && colons <= 1 && lastAt !== authority.length - 1 && !percent;
}
