/** A host parsed with WHATWG special-host rules, in its canonical serialisation. */
export type SpecialHost =
  | { kind: 'domain'; text: string }
  | { kind: 'ipv4'; text: string }
  | { kind: 'ipv6'; text: string };

/** Why a host failed to parse, worded as Rust's `url::ParseError` displays it. */
export type HostParseFailure =
  | 'empty host'
  | 'invalid IPv4 address'
  | 'invalid IPv6 address'
  | 'invalid domain character'
  | 'invalid international domain name';

// Characters the WHATWG URL parser would read as structure (userinfo, port, path,
// query, fragment) rather than reject, plus the forbidden host code points it
// would otherwise report only as "Invalid URL".
const STRUCTURAL_OR_FORBIDDEN = /[\u0000-\u0020/?#@\\:[\]<>^|\u007f]/u;
const IPV4_SERIALISATION = /^\d{1,3}(\.\d{1,3}){3}$/;
const ENDS_IN_A_NUMBER = /(^|\.)(\d+|0x[\da-f]*)\.?$/iu;

/**
 * Parses a host as Rust's `url::Host::parse` does for special schemes (spec §4.18):
 * domains are lower-cased, IDNA-mapped and percent-decoded, IPv4 is normalised
 * (`127.1` -> `127.0.0.1`), IPv6 must be bracketed.
 */
export function parseSpecialHost(input: string): SpecialHost | HostParseFailure {
  if (input === '') return 'empty host';
  const bracketed = input.startsWith('[');
  if (bracketed) {
    if (!input.endsWith(']') || STRUCTURAL_OR_FORBIDDEN.test(input.slice(1, -1).replaceAll(':', ''))) {
      return 'invalid IPv6 address';
    }
  } else if (STRUCTURAL_OR_FORBIDDEN.test(input)) {
    return 'invalid domain character';
  }
  let hostname: string;
  try {
    hostname = new URL(`http://${input}/`).hostname;
  } catch {
    if (bracketed) return 'invalid IPv6 address';
    return ENDS_IN_A_NUMBER.test(input) ? 'invalid IPv4 address' : 'invalid international domain name';
  }
  return classifyCanonicalHost(hostname);
}

/** Classifies a hostname that a WHATWG parser already produced for a special URL. */
export function classifyCanonicalHost(hostname: string): SpecialHost {
  if (hostname.startsWith('[')) return { kind: 'ipv6', text: hostname };
  if (IPV4_SERIALISATION.test(hostname)) return { kind: 'ipv4', text: hostname };
  return { kind: 'domain', text: hostname };
}

/** True when `parseSpecialHost` produced a host rather than a failure reason. */
export function isSpecialHost(result: SpecialHost | HostParseFailure): result is SpecialHost {
  return typeof result !== 'string';
}
