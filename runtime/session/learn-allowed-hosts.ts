/**
 * Learn mode: what each component called during a session, turned into the smallest
 * allowed_outbound_hosts list that allows exactly that (spec §12.54's suggestion rules).
 */
import type { LearnedHosts } from '../api/contract.js';
import type { SpinscopeEvent } from '../api/events.js';
import { OutboundUrlError, suggestAllowList } from '../permissions/index.js';

/** One entry per component that made outbound requests, in the order of `components`. */
export function learnAllowedHosts(events: readonly SpinscopeEvent[], components: ReadonlyMap<string, readonly string[]>): LearnedHosts[] {
  const called = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.kind !== 'outbound.request' || !components.has(event.component) || !allowable(event.url)) continue;
    const urls = called.get(event.component) ?? new Set<string>();
    urls.add(event.url);
    called.set(event.component, urls);
  }
  return [...components].flatMap(([component, current]) => {
    const urls = called.get(component);
    return urls === undefined ? [] : [{ component, current, suggested: suggestAllowList(urls) }];
  });
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
