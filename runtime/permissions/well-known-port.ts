// spec §5.19: one table serves entries and requests alike; every other scheme
// (including `*`, `ws`, `tcp`, `rediss`) needs an explicit port.
const WELL_KNOWN_PORTS: ReadonlyMap<string, number> = new Map([
  ['http', 80],
  ['https', 443],
  ['postgres', 5432],
  ['mysql', 3306],
  ['redis', 6379],
  ['mqtt', 1883],
]);

/** Spin's default port for a scheme, or `undefined` when it has none. */
export function wellKnownPort(scheme: string): number | undefined {
  return WELL_KNOWN_PORTS.get(scheme);
}
