import { OutboundUrlError, parseOutboundUrl } from './outbound-url.js';
import { isPathOnlyUrl } from './request-target.js';
import { wellKnownPort } from './well-known-port.js';

const MAX_PORT = 65535;

interface Destination {
  readonly scheme: string;
  readonly host: string;
  /** Effective ports seen; `undefined` when a URL had neither a port nor a default. */
  readonly ports: Set<number | undefined>;
}

/**
 * The smallest `allowed_outbound_hosts` list that allows every URL given and no other
 * host: one entry per scheme and host, contiguous ports merged into a half-open range,
 * default ports left implicit, relative URLs as `http://self`. Never a wildcard host.
 */
export function suggestAllowList(urls: Iterable<string>, defaultScheme = 'https'): string[] {
  const destinations = new Map<string, Destination>();
  let relative = false;
  for (const url of urls) {
    if (isPathOnlyUrl(url)) {
      relative = true;
      continue;
    }
    const parsed = parseOutboundUrl(url, defaultScheme);
    if (parsed.specialHost === undefined) throw new OutboundUrlError(url, 'no allowed_outbound_hosts entry can match its host');
    const host = parsed.specialHost.text;
    const key = `${parsed.scheme}://${host}`;
    const destination = destinations.get(key) ?? { scheme: parsed.scheme, host, ports: new Set() };
    destinations.set(key, destination);
    destination.ports.add(parsed.port ?? wellKnownPort(parsed.scheme));
  }
  const sorted = [...destinations.values()].sort((a, b) => compare(a.host, b.host) || compare(a.scheme, b.scheme));
  const entries = sorted.flatMap((destination) => entriesFor(destination));
  return relative ? ['http://self', ...entries] : entries;
}

/** Renders a list as a TOML array, one entry per line, ready to paste into spin.toml. */
export function formatAllowList(entries: readonly string[]): string {
  if (entries.length === 0) return 'allowed_outbound_hosts = []';
  return `allowed_outbound_hosts = [\n${entries.map((entry) => `    ${JSON.stringify(entry)},`).join('\n')}\n]`;
}

function entriesFor({ scheme, host, ports }: Destination): string[] {
  return portSuffixes(scheme, ports).map((suffix) => `${scheme}://${host}${suffix}`);
}

/**
 * The port parts of the fewest entries for `scheme` that allow exactly `ports` (each an
 * effective port; `undefined` for a URL with neither a port nor a default): `` for the
 * scheme's default, `:8080`, or a half-open range `:4000..4003` for contiguous ports.
 */
export function portSuffixes(scheme: string, ports: ReadonlySet<number | undefined>): string[] {
  // spec §8.39: a scheme without a default port and a URL without one only match `:*`.
  if (ports.has(undefined)) return [':*'];
  const fallback = wellKnownPort(scheme);
  return contiguousRuns([...ports] as number[]).flatMap(([start, end]) => {
    const single = (port: number): string => (port === fallback ? '' : `:${port}`);
    if (start === end) return [single(start)];
    // A range end is exclusive and must itself be a u16, so a run reaching 65535 ends separately.
    if (end === MAX_PORT) return [`:${start}..${MAX_PORT}`, single(MAX_PORT)];
    return [`:${start}..${end + 1}`];
  });
}

function contiguousRuns(ports: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const port of ports.sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && port === last[1] + 1) last[1] = port;
    else runs.push([port, port]);
  }
  return runs;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
