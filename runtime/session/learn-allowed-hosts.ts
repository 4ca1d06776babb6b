/**
 * Learn mode: what each component called during a session, turned into the smallest
 * allowed_outbound_hosts list that allows exactly that (spec §12.54's suggestion rules).
 */
import type { AllowedHostInfo, LearnedHosts } from '../api/contract.js';
import type { SpinscopeEvent } from '../api/events.js';
import { OutboundUrlError, suggestAllowList, tryParseAllowedHost } from '../permissions/index.js';

/**
 * One entry per component that made outbound requests, in the order of `components`
 * (each with its current entries, as written and resolved). A current entry that
 * allows exactly what a suggested one does stays in the proposal as written and in
 * its place, so `http://{{ upstream }}` is kept rather than replaced by the host it
 * resolves to; new entries follow, in suggestion order.
 */
export function learnAllowedHosts(events: readonly SpinscopeEvent[], components: ReadonlyMap<string, readonly AllowedHostInfo[]>): LearnedHosts[] {
  const called = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.kind !== 'outbound.request' || !components.has(event.component) || !allowable(event.url)) continue;
    const urls = called.get(event.component) ?? new Set<string>();
    urls.add(event.url);
    called.set(event.component, urls);
  }
  return [...components].flatMap(([component, hosts]) => {
    const urls = called.get(component);
    if (urls === undefined) return [];
    const suggested = new Map(suggestAllowList(urls).map((entry) => [matchKey(entry), entry]));
    const kept = hosts.filter((host) => suggested.has(matchKey(host.resolved)));
    for (const host of kept) suggested.delete(matchKey(host.resolved));
    return [{ component, current: hosts.map((host) => host.raw), suggested: [...kept.map((host) => host.raw), ...suggested.values()] }];
  });
}

// Entries that parse to the same scheme, host and ports allow the same requests
// (`https://a.test` and `https://a.test:443`). An unresolved or invalid entry matches nothing.
function matchKey(entry: string | undefined): string | undefined {
  const parsed = entry === undefined ? undefined : tryParseAllowedHost(entry);
  return parsed === undefined ? undefined : JSON.stringify([parsed.scheme, parsed.host, parsed.port]);
}

// A URL that no entry could ever allow (Spin could not parse it) adds nothing to learn.
function allowable(url: string): boolean {
  try {
    suggestAllowList([url]);
    return true;
  } catch (error) {
    if (error instanceof OutboundUrlError) return false;
    throw error;
  }
}
