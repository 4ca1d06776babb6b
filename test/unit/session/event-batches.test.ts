import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import type { EventBatch } from '../../../runtime/api/contract.js';
import { EventStore } from '../../../runtime/events/index.js';
import { subscribeBatches } from '../../../runtime/session/index.js';

const log = (i: number): SpinscopeEvent => ({ kind: 'guest.log', id: `e${i}`, time: i, traceId: `t${i}`, component: 'web', stream: 'stdout', line: String(i) });

describe('subscribeBatches', () => {
  it('delivers every event of a 10,000-event burst, in order', async () => {
    const store = new EventStore({ maxTraces: 20_000 });
    const batches: EventBatch[] = [];
    const unsubscribe = subscribeBatches(store, (batch) => batches.push(batch));
    for (let i = 0; i < 10_000; i++) store.publish(log(i));
    await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    const ids = batches.flatMap((batch) => batch.events.map((event) => event.id));
    expect(ids).toEqual(Array.from({ length: 10_000 }, (_, i) => `e${i}`));
  });
});

describe('subscribeBatches evictions', () => {
  const event = (id: string, traceId: string): SpinscopeEvent => ({ kind: 'guest.log', id, time: 0, traceId, component: 'web', stream: 'stdout', line: id });

  it('names the traces evicted since the last batch, leaves out their events published before it, and keeps those after', async () => {
    const store = new EventStore({ maxTraces: 1 });
    const batches: EventBatch[] = [];
    const unsubscribe = subscribeBatches(store, (batch) => batches.push(batch));
    store.publish(event('a1', 'a'));
    store.publish(event('b1', 'b')); // evicts a
    store.publish(event('a2', 'a')); // evicts b, starts a again
    await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.evictedTraceIds).toEqual(['a', 'b']);
    // Applied evictions first, then events: a2 is all that is left, as in the store.
    expect(batch!.events.map((each) => each.id)).toEqual(['a2']);
    expect(store.events().map((each) => each.id)).toEqual(['a2']);
    expect(batch).toMatchObject({ evicted: 2, evictedBytes: store.stats().evictedBytes });
  });
});
