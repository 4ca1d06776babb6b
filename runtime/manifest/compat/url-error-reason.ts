const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);

/**
 * Why a URL that Node's WHATWG parser rejected is invalid, in the words of the Rust
 * `url` crate's `ParseError` (which Spin prints). Node only says "Invalid URL", so
 * this re-reads the text to pick the likely reason.
 */
export function urlErrorReason(text: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1];
  if (scheme === undefined) return 'relative URL without a base';
  if (!SPECIAL_SCHEMES.has(scheme.toLowerCase())) return 'invalid domain character';
  const afterScheme = text.slice(scheme.length + 1).replace(/^[/\\]*/, '');
  const authority = afterScheme.split(/[/\\?#]/)[0] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) {
    const close = hostAndPort.indexOf(']');
    if (close < 0) return 'invalid IPv6 address';
    const port = hostAndPort.slice(close + 1);
    return port === '' || /^:\d{0,5}$/.test(port) ? portOrHostReason(port.slice(1), 'invalid IPv6 address') : 'invalid port number';
  }
  const colon = hostAndPort.lastIndexOf(':');
  const host = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
  if (host === '') return 'empty host';
  const port = colon < 0 ? '' : hostAndPort.slice(colon + 1);
  // WHATWG treats a host whose last label is numeric as IPv4.
  const hostReason = /(^|\.)(0x[0-9a-f]*|\d+)\.?$/i.test(host) ? 'invalid IPv4 address' : domainReason(host);
  return portOrHostReason(port, hostReason);
}

function portOrHostReason(port: string, hostReason: string): string {
  if (port !== '' && (!/^\d+$/.test(port) || Number(port) > 65535)) return 'invalid port number';
  return hostReason;
}

function domainReason(host: string): string {
  // Non-ASCII text that fails is an IDNA (punycode mapping) failure in the url crate.
  return /[^\x00-\x7f]/.test(host) ? 'invalid international domain name' : 'invalid domain character';
}
