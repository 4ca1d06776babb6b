import ipaddr from 'ipaddr.js';
import type { SpecialHost } from './special-host.js';

/** An IP network with its host bits cleared, as `IpNetwork::from_str_truncate` yields. */
export interface Cidr {
  readonly family: 'ipv4' | 'ipv6';
  readonly prefix: number;
  /** The network address as an integer (host bits zero). */
  readonly network: bigint;
  /** Canonical `<network>/<prefix>` text. */
  readonly text: string;
}

const STRICT_DOTTED_QUAD = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;
const RUST_U8 = /^\+?\d+$/;

/**
 * Parses `<addr>/<prefix>` with Rust's std rules (spec §4.15): strict dotted-quad IPv4
 * or unbracketed IPv6 without a zone, a prefix no larger than the family allows, and
 * host bits truncated (`127.0.0.1/24` -> `127.0.0.0/24`). Returns `undefined` otherwise.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash <= 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!RUST_U8.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const family = rustIpFamily(address);
  if (family === undefined || prefix > bitWidth(family)) return undefined;
  const network = truncate(addressToBigInt(address), family, prefix);
  return { family, prefix, network, text: `${bigIntToAddress(network, family)}/${prefix}` };
}

/** True when `host` is an IP literal of the network's family inside the network. */
export function cidrContains(cidr: Cidr, host: SpecialHost): boolean {
  if (host.kind !== cidr.family) return false;
  return truncate(hostToBigInt(host), cidr.family, cidr.prefix) === cidr.network;
}

/** The address of an IP host as an integer, for network lookups. */
export function hostToBigInt(host: SpecialHost): bigint {
  return addressToBigInt(host.kind === 'ipv6' ? host.text.slice(1, -1) : host.text);
}

/** Clears all but the top `prefix` bits of an address. */
export function truncate(address: bigint, family: 'ipv4' | 'ipv6', prefix: number): bigint {
  const hostBits = BigInt(bitWidth(family) - prefix);
  return (address >> hostBits) << hostBits;
}

function bitWidth(family: 'ipv4' | 'ipv6'): number {
  return family === 'ipv4' ? 32 : 128;
}

function rustIpFamily(address: string): 'ipv4' | 'ipv6' | undefined {
  if (STRICT_DOTTED_QUAD.test(address)) {
    return address.split('.').every((octet) => Number(octet) <= 255) ? 'ipv4' : undefined;
  }
  // Rust's Ipv6Addr has no zone ids and no brackets.
  if (address.includes('%') || address.includes('[')) return undefined;
  return ipaddr.IPv6.isValid(address) ? 'ipv6' : undefined;
}

function addressToBigInt(address: string): bigint {
  let value = 0n;
  for (const byte of ipaddr.parse(address).toByteArray()) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigIntToAddress(value: bigint, family: 'ipv4' | 'ipv6'): string {
  const bytes: number[] = [];
  for (let i = bitWidth(family) / 8 - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
