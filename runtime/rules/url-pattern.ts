/**
 * Rule URL patterns (docs/rules.md): `[scheme://]host[:port][/path][?query]`, where `*`
 * matches any run of characters within one part (a host label, a path segment, a query
 * parameter) and `**` any run across parts. A part left out matches anything: no scheme,
 * any scheme; no port, any port; no path, every path; no query, any query. Compiled once
 * per load into one regular expression and, where the host has no wildcard, the host the
 * rule index files it under.
 */

/** A compiled pattern. */
export interface UrlPattern {
  /** The host in lower case when the pattern names one exactly (no `*`); the index's key. */
  readonly host: string | undefined;
  /**
   * Cheap checks that rule most calls out before the regular expression runs: how every
   * matching host ends (what follows the host pattern's last `*`), the port when written,
   * and how every matching path starts (up to its first `*`).
   */
  readonly hostSuffix: string;
  readonly port: string | undefined;
  readonly pathPrefix: string;
  /** Whether `subject` (see {@link urlSubject}) matches. */
  test(subject: string): boolean;
}

/** Where an outbound call goes, in the parts a pattern matches. */
export interface UrlParts {
  /** `http` or `https`. */
  readonly scheme: string;
  /** In lower case; an IPv6 address in brackets. */
  readonly host: string;
  /** The port, explicit or the scheme's default. */
  readonly port: string;
  /** Path and query, starting with `/`. */
  readonly pathWithQuery: string;
}

const SCHEMES = new Set(['http', 'https', '*']);

/** Compiles `pattern`; throws a plain Error saying what is wrong with it. */
export function compileUrlPattern(pattern: string): UrlPattern {
  if (pattern.trim() === '') throw new Error('the url pattern is empty; write e.g. "https://api.example.com/**"');
  if (/\s/.test(pattern)) throw new Error(`the url pattern ${JSON.stringify(pattern)} contains white space`);
  let rest = pattern;
  let scheme = '*';
  const schemeEnd = rest.indexOf('://');
  if (schemeEnd >= 0) {
    scheme = rest.slice(0, schemeEnd).toLowerCase();
    if (!SCHEMES.has(scheme)) throw new Error(`the url pattern ${JSON.stringify(pattern)} has scheme "${scheme}"; outbound HTTP calls are http or https (or * for either)`);
    rest = rest.slice(schemeEnd + 3);
  }
  const pathStart = firstOf(rest, '/?');
  const authority = rest.slice(0, pathStart);
  const tail = rest.slice(pathStart);
  const { host, port } = splitAuthority(authority, pattern);
  if (host === '') throw new Error(`the url pattern ${JSON.stringify(pattern)} names no host; write "*" for any host`);
  if (port !== '*' && !/^\d{1,5}$/.test(port)) throw new Error(`the url pattern ${JSON.stringify(pattern)} has port "${port}"; write a number or *`);
  const query = tail.indexOf('?');
  const path = query < 0 ? tail : tail.slice(0, query);
  const source =
    '^' +
    (scheme === '*' ? 'https?' : scheme) +
    '://' +
    glob(host.toLowerCase(), '[^.]*') +
    ':' +
    (port === '*' ? '\\d+' : port) +
    (path === '' ? '(?:/[^?]*)?' : glob(path, '[^/?]*')) +
    (query < 0 ? '(?:\\?.*)?' : `\\?${glob(tail.slice(query + 1), '[^&]*')}`) +
    '$';
  const regex = new RegExp(source);
  const lowerHost = host.toLowerCase();
  const exactHost = lowerHost.includes('*') ? undefined : unescape(lowerHost);
  return {
    host: exactHost,
    hostSuffix: unescape(lowerHost.slice(lowerHost.lastIndexOf('*') + 1)),
    port: port === '*' ? undefined : port,
    pathPrefix: literalPrefix(path),
    test: (subject) => regex.test(subject),
  };
}

/** What a pattern is tested against: `scheme://host:port/path?query`, the port always written. */
export function urlSubject(parts: UrlParts): string {
  return `${parts.scheme}://${parts.host}:${parts.port}${parts.pathWithQuery}`;
}

/** A pattern matching exactly `url` (as a recorded call's URL), `*` in it taken literally. */
export function exactUrlPattern(url: string): string {
  return url.replaceAll('\\', '\\\\').replaceAll('*', '\\*');
}

function splitAuthority(authority: string, pattern: string): { host: string; port: string } {
  if (authority.includes('@')) throw new Error(`the url pattern ${JSON.stringify(pattern)} has userinfo; match the host alone`);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw new Error(`the url pattern ${JSON.stringify(pattern)} has an unclosed IPv6 address`);
    const after = authority.slice(close + 1);
    return { host: authority.slice(0, close + 1), port: after.startsWith(':') ? after.slice(1) : '*' };
  }
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? { host: authority, port: '*' } : { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

/** `text` as a regular expression: `**` any run, `*` a run of `one`, `\x` a literal x. */
function glob(text: string, one: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\' && i + 1 < text.length) out += escapeRegex(text[++i] ?? '');
    else if (char === '*' && text[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (char === '*') out += one;
    else out += escapeRegex(char);
  }
  return out;
}

/** `pattern` up to its first wildcard or escape: what every path it matches starts with. */
function literalPrefix(pattern: string): string {
  const stop = firstOf(pattern, '*\\');
  return pattern.slice(0, stop);
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

function firstOf(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i] ?? '')) return i;
  return text.length;
}
