/**
 * The `--listen` address, read as `spin up` reads it (`parse_listen_addr` in
 * `crates/trigger-http/src/lib.rs`, which uses Rust's `ToSocketAddrs for str`).
 */
import { lookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { ListenError } from './listen-error.js';

/** `spin up`'s default, also read from `SPIN_HTTP_LISTEN_ADDR`. */
export const DEFAULT_LISTEN_ADDRESS = '127.0.0.1:3000';

/** A `--listen` value split into the host to resolve and the port. */
export interface ListenTarget {
  /** An IP literal (IPv6 without brackets) or a name to look up, e.g. `localhost`. */
  readonly host: string;
  readonly port: number;
}

/** An address ready to bind. */
export interface ResolvedListenAddress {
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
}

/**
 * Splits `--listen` text: `127.0.0.1:3000`, `[::1]:3000`, or `<name>:<port>` split at
 * the last colon (so `localhost:3000` and even `::1:3000` work). A port is required.
 * Throws a ListenError with Rust's wording ("invalid socket address", "invalid port value").
 */
export function parseListenAddress(text: string): ListenTarget {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracketed !== null && isIPv6(bracketed[1] as string)) {
    return { host: bracketed[1] as string, port: parsePort(bracketed[2] as string, text) };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) throw new ListenError(`invalid socket address: ${text}`, text);
  return { host: text.slice(0, colon), port: parsePort(text.slice(colon + 1), text) };
}

/**
 * Parses and resolves `--listen` text. Like Spin, prefers `127.0.0.1` among a name's
 * addresses ("CHANGE IS HARD", says its comment), otherwise takes the first the OS gives.
 */
export async function resolveListenAddress(text: string): Promise<ResolvedListenAddress> {
  const { host, port } = parseListenAddress(text);
  if (isIPv4(host)) return { address: host, family: 4, port };
  if (isIPv6(host)) return { address: host, family: 6, port };
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    throw new ListenError(`failed to lookup address information for ${text}`, text, { cause: error });
  }
  const chosen = addresses.find((entry) => entry.address === '127.0.0.1') ?? addresses[0];
  if (chosen === undefined) throw new ListenError("couldn't resolve address", text);
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4, port };
}

/** Rust's `u16::from_str`: decimal digits with an optional `+`, at most 65535. */
function parsePort(text: string, address: string): number {
  const port = /^\+?\d+$/.test(text) ? Number(text.replace('+', '')) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) throw new ListenError(`invalid port value: ${address}`, address);
  return port;
}
