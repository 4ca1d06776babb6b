import type { SpinscopeApi } from '../api/contract.js';
import type { EventFilter, SpinscopeEvent } from '../api/events.js';
import { TrafficTree } from '../traffic/traffic-tree.js';

// The contract's largest page: fewest round trips over the bridge.
const PAGE_EVENTS = 10_000;

/** Every recorded event passing `filter`, oldest first, paged through `api.events`. */
export async function recordedEvents(api: SpinscopeApi, filter?: EventFilter): Promise<SpinscopeEvent[]> {
  const events: SpinscopeEvent[] = [];
  let after: string | undefined;
  do {
    const page = await api.events(filter, { maxEvents: PAGE_EVENTS, ...(after === undefined ? {} : { after }) });
    for (const event of page.events) events.push(event);
    after = page.next;
  } while (after !== undefined);
  return events;
}

/** The recorded traffic folded into the inspector's rows. */
export async function recordedTraffic(api: SpinscopeApi): Promise<TrafficTree> {
  const tree = new TrafficTree();
  tree.add(await recordedEvents(api));
  return tree;
}
