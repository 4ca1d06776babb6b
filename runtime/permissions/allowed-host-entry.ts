import type { Cidr } from './cidr.js';
import type { SpecialHost } from './special-host.js';

/** The scheme part of an entry: `*` or one scheme, stored verbatim (spec §3.9). */
export type SchemePattern = { kind: 'any' } | { kind: 'exact'; scheme: string };

/** The host part of an entry (spec §4). `subdomain.suffix` starts with a dot. */
export type HostPattern =
  | { kind: 'any' }
  | { kind: 'self' }
  | { kind: 'literal'; host: SpecialHost }
  | { kind: 'subdomain'; suffix: string }
  | { kind: 'cidr'; cidr: Cidr };

/** The port part of an entry (spec §5); a range is half-open, `[start, end)`. */
export type PortPattern =
  | { kind: 'any' }
  | { kind: 'port'; port: number }
  | { kind: 'range'; start: number; end: number };

/** One parsed `allowed_outbound_hosts` entry. */
export interface AllowedHostEntry {
  /** The entry as written in the manifest (a template, for templated entries). */
  readonly text: string;
  readonly scheme: SchemePattern;
  readonly host: HostPattern;
  readonly port: PortPattern;
}
