import type { AllowedHostEntry } from './allowed-host-entry.js';
import { hostToBigInt, truncate } from './cidr.js';
import { entryAllowsRelative, portAllows, schemeAllows } from './entry-allows.js';
import type { OutboundUrl } from './outbound-url.js';
import type { SpecialHost } from './special-host.js';

interface Indexed {
  readonly entry: AllowedHostEntry;
  /** Position in the list, so the first matching entry can be reported. */
  readonly order: number;
}

type Networks = Map<number, Map<bigint, Indexed[]>>;

/**
 * An entry list indexed by host so a check costs the same for ten entries or ten
 * thousand: literal hosts by hash, wildcard suffixes by each label boundary of the
 * request host, CIDRs by family and prefix length. Scheme and port are then
 * checked only on the few candidates a host lookup returns.
 */
export class CompiledPolicy {
  readonly entries: readonly AllowedHostEntry[];
  readonly allowsRelative: boolean;
  private readonly literals = new Map<string, Indexed[]>();
  private readonly subdomains = new Map<string, Indexed[]>();
  private readonly anyHost: Indexed[] = [];
  private readonly networks: Record<'ipv4' | 'ipv6', Networks> = { ipv4: new Map(), ipv6: new Map() };

  constructor(entries: readonly AllowedHostEntry[]) {
    this.entries = entries;
    this.allowsRelative = entries.some(entryAllowsRelative);
    entries.forEach((entry, order) => this.add({ entry, order }));
  }

  /** True when some entry allows the request. */
  allows(url: OutboundUrl): boolean {
    return this.firstMatch(url, true) !== undefined;
  }

  /** The earliest entry in list order that allows the request. */
  matchedBy(url: OutboundUrl): AllowedHostEntry | undefined {
    return this.firstMatch(url, false)?.entry;
  }

  private add(item: Indexed): void {
    const host = item.entry.host;
    switch (host.kind) {
      case 'any':
        this.anyHost.push(item);
        return;
      case 'self':
        return;
      case 'literal':
        return push(this.literals, host.host.text, item);
      case 'subdomain':
        return push(this.subdomains, host.suffix, item);
      case 'cidr': {
        const byPrefix = this.networks[host.cidr.family];
        const byNetwork = byPrefix.get(host.cidr.prefix) ?? new Map<bigint, Indexed[]>();
        byPrefix.set(host.cidr.prefix, byNetwork);
        return push(byNetwork, host.cidr.network, item);
      }
    }
  }

  private firstMatch(url: OutboundUrl, anyWillDo: boolean): Indexed | undefined {
    const host = url.specialHost;
    if (host === undefined) return undefined;
    let best: Indexed | undefined;
    const consider = (candidates: readonly Indexed[] | undefined): boolean => {
      if (candidates === undefined) return false;
      for (const candidate of candidates) {
        if (best !== undefined && candidate.order >= best.order) break;
        if (schemeAllows(candidate.entry.scheme, url.scheme) && portAllows(candidate.entry.port, url.port, url.scheme)) {
          best = candidate;
          break;
        }
      }
      return anyWillDo && best !== undefined;
    };
    if (consider(this.anyHost) || consider(this.literals.get(host.text))) return best;
    if (host.kind === 'domain') {
      for (let dot = host.text.indexOf('.'); dot >= 0; dot = host.text.indexOf('.', dot + 1)) {
        if (consider(this.subdomains.get(host.text.slice(dot)))) return best;
      }
    } else if (this.networks[host.kind].size > 0) {
      this.considerNetworks(host, consider);
    }
    return best;
  }

  private considerNetworks(host: SpecialHost & { kind: 'ipv4' | 'ipv6' }, consider: (c: Indexed[] | undefined) => boolean): void {
    const address = hostToBigInt(host);
    for (const [prefix, byNetwork] of this.networks[host.kind]) {
      if (consider(byNetwork.get(truncate(address, host.kind, prefix)))) return;
    }
  }
}

function push<K>(map: Map<K, Indexed[]>, key: K, item: Indexed): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
