import { AllowedHostError } from './allowed-host-error.js';
import type { AllowedHostEntry } from './allowed-host-entry.js';
import { rustDebug } from '../errors/rust-debug.js';
import { parseHostPattern, parsePortPattern, parseSchemePattern } from './parse-patterns.js';

const LEARN_MORE = 'Learn more: https://spinframework.dev/v3/http-outbound#granting-http-permissions-to-components';

/**
 * Parses one `allowed_outbound_hosts` entry exactly as Spin's `AllowedHostConfig::parse`
 * does (spec §2), or throws an {@link AllowedHostError} carrying Spin's message.
 */
export function parseAllowedHost(entry: string): AllowedHostEntry {
  const url = entry.trim();
  const separator = url.indexOf('://');
  if (separator < 0) throw missingScheme(entry, url);
  const scheme = url.slice(0, separator);
  const { host, port } = splitHostAndPort(entry, url, url.slice(separator + 3));
  // spec §2.4: port, then scheme, then host; the first failure wins.
  return {
    text: entry,
    port: withContext(entry, `Invalid allowed host port ${rustDebug(port)}`, () => parsePortPattern(port, scheme)),
    scheme: withContext(entry, `Invalid allowed host scheme ${rustDebug(scheme)}`, () => parseSchemePattern(scheme)),
    host: withContext(entry, `Invalid allowed host ${rustDebug(host)}`, () => parseHostPattern(host)),
  };
}

/** {@link parseAllowedHost}, returning `undefined` instead of throwing for an invalid entry. */
export function tryParseAllowedHost(entry: string): AllowedHostEntry | undefined {
  return returnUndefinedOnInvalid(() => parseAllowedHost(entry));
}

function missingScheme(entry: string, url: string): AllowedHostError {
  if (url === '*' || url === ':' || url === '' || url === '?') {
    return new AllowedHostError({
      entry,
      reason:
        `${rustDebug(url)} is not an allowed outbound host format.\n` +
        "Hosts must be in the form <scheme>://<host>[:<port>], with '*' wildcards allowed for each.\n" +
        "If you intended to allow all outbound networking, you can use '*://*:*' - this will obviate all network sandboxing.\n" +
        LEARN_MORE,
    });
  }
  return new AllowedHostError({
    entry,
    reason: `${rustDebug(url)} does not contain a scheme (e.g., 'http://' or '*://')\n${LEARN_MORE}`,
  });
}

// spec §2.3: split at the last colon unless the whole rest is itself a host
// (`[::1]`, `2001:db8::/32`); a port may carry one trailing `/` and nothing more.
function splitHostAndPort(entry: string, url: string, rest: string): { host: string; port: string } {
  const colon = rest.lastIndexOf(':');
  if (colon < 0) return { host: rest, port: '' };
  const host = rest.slice(0, colon);
  const tail = rest.slice(colon + 1);
  if (tail === '') return { host, port: '' };
  if (parsesAsHost(rest)) return { host: rest, port: '' };
  const slash = tail.indexOf('/');
  if (slash < 0) return { host, port: tail };
  if (tail.slice(slash + 1) !== '') {
    throw new AllowedHostError({ entry, reason: `${rustDebug(url)} has a path but is not allowed to` });
  }
  return { host, port: tail.slice(0, slash) };
}

function parsesAsHost(text: string): boolean {
  return returnUndefinedOnInvalid(() => parseHostPattern(text)) !== undefined;
}

function returnUndefinedOnInvalid<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AllowedHostError) return undefined;
    throw error;
  }
}

function withContext<T>(entry: string, outer: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof AllowedHostError)) throw error;
    throw new AllowedHostError({ entry, reason: error.reason, context: [outer, ...error.context] });
  }
}
