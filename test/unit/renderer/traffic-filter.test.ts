import { describe, expect, it } from 'vitest';
import type { EventBatch, EventPage } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { TrafficState } from '../../../renderer/state/traffic.svelte.js';
import { exampleTrace, storeTrace } from './sample-events.js';
import { UnusedApi } from './unused-api.js';

/** History in one page, live batches pushed by the test. */
class Events extends UnusedApi {
  readonly listeners = new Set<(batch: EventBatch) => void>();
  constructor(readonly history: SpinscopeEvent[]) {
    super();
  }
  push(events: SpinscopeEvent[]): void {
    for (const listener of this.listeners) listener({ events, evicted: 0, evictedBytes: 0, evictedTraceIds: [] });
  }
  override onEvents(listener: (batch: EventBatch) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  override async events(): Promise<EventPage> {
    return { events: this.history, evicted: 0, evictedBytes: 0 };
  }
  override async clearEvents() {}
}

async function connected(history: SpinscopeEvent[]): Promise<{ api: Events; traffic: TrafficState }> {
  const api = new Events(history);
  const traffic = new TrafficState(api);
  await traffic.connect();
  return { api, traffic };
}

describe('the traffic filter', () => {
  it('parses the query once per change', async () => {
    const { traffic } = await connected(exampleTrace('a'));
    traffic.setFilter('kind:inbound');
    const parsed = traffic.filter;
    traffic.setFilter('kind:inbound');
    expect(traffic.filter).toBe(parsed);
    expect([...traffic.visible].filter(({ matches }) => matches).map(({ row }) => row.id)).toEqual(['a-in', 'a-backend-in']);
  });

  it('says why a filter matches nothing, and nothing once a row matches', async () => {
    const { api, traffic } = await connected(exampleTrace('a'));
    traffic.setFilter('component:todo');
    expect(traffic.explainNoMatch()).toEqual({ rows: 5, reasons: [{ term: 'component:todo', alone: 0, without: undefined }] });
    api.push(storeTrace('s'));
    expect(traffic.visible).toHaveLength(10);
    expect(traffic.explainNoMatch()).toBeUndefined();
    traffic.setFilter('');
    expect(traffic.explainNoMatch()).toBeUndefined();
  });

  it('offers the values of history and live batches to the suggestions, and forgets them on clear', async () => {
    const { api, traffic } = await connected(exampleTrace('a'));
    api.push(storeTrace('s'));
    expect(traffic.vocabulary.values('components')).toEqual(['frontend', 'backend', 'todo']);
    await traffic.clear();
    expect(traffic.vocabulary.values('components')).toEqual([]);
  });
});
