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
    const unsubscribe = subscribeBatches(store, () => 0, (batch) => batches.push(batch));
    for (let i = 0; i < 10_000; i++) store.publish(log(i));
    await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    const ids = batches.flatMap((batch) => batch.events.map((event) => event.id));
    expect(ids).toEqual(Array.from({ length: 10_000 }, (_, i) => `e${i}`));
  });
});
