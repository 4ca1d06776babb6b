import { SpinscopeError } from '../errors/spinscope-error.js';
import { classifyCanonicalHost, isSpecialHost, parseSpecialHost, type SpecialHost } from './special-host.js';

/** A request URL reduced to what permission checks look at (spec §7). */
export interface OutboundUrl {
  /** The string the guest asked for. */
  readonly original: string;
  /** Lower-cased scheme. */
  readonly scheme: string;
  /** `host_str()`: the host as the URL parser left it. */
  readonly host: string;
  /** The explicit port, absent when it is the special scheme's default (spec §7.33). */
  readonly port: number | undefined;
  /** The host re-parsed as a special host (spec §8.38), or undefined if that fails. */
  readonly specialHost: SpecialHost | undefined;
}

/** A request URL that cannot be parsed; Spin denies it without a suggestion (spec §7.34). */
export class OutboundUrlError extends SpinscopeError {
  readonly code = 'SPINSCOPE_URL';
  readonly url: string;

  constructor(url: string, reason: string) {
    super(`A component tried to make a request to a url that could not be parsed: ${url} (${reason})`);
    this.url = url;
  }

  protected override fields(): Record<string, unknown> {
    return { url: this.url };
  }
}

const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);

/**
 * `OutboundUrl::parse` (spec §7): parses a request URL, retrying with
 * `<defaultScheme>://` prepended when the first parse fails or yields no host.
 */
export function parseOutboundUrl(url: string, defaultScheme: string): OutboundUrl {
  const encoded = encodeUserinfo(url);
  const parsed = parseWithHost(encoded) ?? parseWithHost(`${defaultScheme}://${encoded}`);
  if (!parsed) throw new OutboundUrlError(url, 'not a URL with a host');
  const scheme = parsed.protocol.slice(0, -1);
  const host = parsed.hostname;
  return {
    original: url,
    scheme,
    host,
    port: parsed.port === '' ? undefined : Number(parsed.port),
    specialHost: reparseHost(scheme, host),
  };
}

/** `OutboundUrl::authority`: `host`, or `host:port` when the port was explicit and non-default. */
export function authorityOf(url: OutboundUrl): string {
  return url.port === undefined ? url.host : `${url.host}:${url.port}`;
}

function parseWithHost(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not a URL on its own: the caller retries with the default scheme (spec §7.32).
    return undefined;
  }
  return url.hostname === '' ? undefined : url;
}

// A special scheme's hostname is already canonical; others are opaque and must be
// re-parsed, which is what makes `redis://MyHost` match `redis://myhost`.
function reparseHost(scheme: string, host: string): SpecialHost | undefined {
  if (SPECIAL_SCHEMES.has(scheme)) return classifyCanonicalHost(host);
  const reparsed = parseSpecialHost(host);
  return isSpecialHost(reparsed) ? reparsed : undefined;
}

// spec §7.31: userinfo before the first `/` after `scheme://` is percent-encoded so
// passwords may hold `#` or `:` and paths may hold `@`.
function encodeUserinfo(url: string): string {
  const at = url.indexOf('@');
  if (at < 0) return url;
  const schemeEnd = url.indexOf('://') < 0 ? 0 : url.indexOf('://') + 3;
  const slash = url.indexOf('/', schemeEnd);
  if (slash >= 0 && at >= slash) return url;
  const encoded = encodeURIComponent(url.slice(schemeEnd, at)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return url.slice(0, schemeEnd) + encoded + url.slice(at);
}
