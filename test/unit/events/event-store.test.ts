import { describe, expect, it } from 'vitest';
import type { GuestLogEvent, SpinscopeEvent } from '../../../runtime/api/events.js';
import { EventStore } from '../../../runtime/events/index.js';

let next = 0;
function log(traceId: string, component = 'web', line = `line ${next}`): GuestLogEvent {
  next += 1;
  return { kind: 'guest.log', id: `e${next}`, time: next, traceId, component, stream: 'stdout', line };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('EventStore', () => {
  it('keeps events grouped by trace and returns them in publish order', () => {
    const store = new EventStore();
    const [a1, b1, a2] = [log('a'), log('b'), log('a')];
    for (const event of [a1, b1, a2]) store.publish(event);
    expect(store.trace('a')).toEqual([a1, a2]);
    expect(store.events()).toEqual([a1, b1, a2]);
    expect(store.traceIds()).toEqual(['a', 'b']);
  });

  it('evicts whole oldest traces beyond maxTraces and counts the evicted events', () => {
    const store = new EventStore({ maxTraces: 2 });
    store.publish(log('t1'));
    store.publish(log('t1'));
    store.publish(log('t1'));
    store.publish(log('t2'));
    store.publish(log('t3'));
    expect(store.traceIds()).toEqual(['t2', 't3']);
    expect(store.trace('t1')).toBeUndefined();
    expect(store.stats()).toEqual({ traces: 2, events: 2, evictedTraces: 1, evictedEvents: 3, subscribers: 0 });
    store.publish(log('t4'));
    expect(store.stats()).toMatchObject({ traces: 2, events: 2, evictedTraces: 2, evictedEvents: 4 });
  });

  it('keeps a late event of a surviving trace with its trace rather than starting a new one', () => {
    const store = new EventStore({ maxTraces: 2 });
    store.publish(log('t1'));
    store.publish(log('t2'));
    store.publish(log('t1'));
    store.publish(log('t3'));
    expect(store.traceIds()).toEqual(['t2', 't3']);
    expect(store.stats().evictedEvents).toBe(2);
  });

  it('filters stored events by kind, component and trace', () => {
    const store = new EventStore();
    const web = log('a', 'web');
    const api = log('a', 'api');
    const other = log('b', 'web');
    for (const event of [web, api, other]) store.publish(event);
    expect(store.events({ component: 'web' })).toEqual([web, other]);
    expect(store.events({ traceId: 'a', component: 'api' })).toEqual([api]);
    expect(store.events({ kinds: ['outbound.request'] })).toEqual([]);
  });

  it('records events when nobody subscribes', () => {
    const store = new EventStore();
    store.publish(log('a'));
    expect(store.stats()).toMatchObject({ events: 1, subscribers: 0 });
  });
});

describe('EventStore subscriptions', () => {
  it('delivers published events asynchronously, after publish returns', async () => {
    const store = new EventStore();
    const seen: SpinscopeEvent[] = [];
    store.subscribe((event) => void seen.push(event));
    const event = log('a');
    store.publish(event);
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual([event]);
  });

  it('delivers only events passing the subscription filter', async () => {
    const store = new EventStore();
    const seen: string[] = [];
    store.subscribe((event) => void seen.push(event.id), { filter: { component: 'api' } });
    const events = [log('a', 'web'), log('a', 'api'), log('b', 'api')];
    for (const event of events) store.publish(event);
    await settle();
    expect(seen).toEqual([events[1]!.id, events[2]!.id]);
  });

  it('never blocks the publisher on a slow subscriber: its queue is bounded and drops are counted', async () => {
    const store = new EventStore();
    let release: () => void = () => {};
    const slowSeen: string[] = [];
    const slow = store.subscribe(
      (event) => {
        slowSeen.push(event.id);
        return new Promise<void>((resolve) => (release = resolve));
      },
      { queueLimit: 3 },
    );
    const fastSeen: string[] = [];
    const fast = store.subscribe((event) => void fastSeen.push(event.id));

    const events = Array.from({ length: 10 }, () => log('a'));
    for (const event of events) store.publish(event);
    // The publisher returned with all ten queued or dropped; the slow queue kept the newest three.
    expect(slow.dropped).toBe(7);
    await settle();
    expect(slowSeen).toEqual([events[7]!.id]);
    expect(slow.pending).toBe(2);
    expect(fastSeen).toEqual(events.map((event) => event.id));
    expect(fast.dropped).toBe(0);

    release();
    await settle();
    release();
    await settle();
    expect(slowSeen).toEqual(events.slice(7).map((event) => event.id));
    expect(store.stats().events).toBe(10);
  });

  it('stops delivering after unsubscribe', async () => {
    const store = new EventStore();
    const seen: string[] = [];
    const subscription = store.subscribe((event) => void seen.push(event.id));
    expect(store.stats().subscribers).toBe(1);
    subscription.unsubscribe();
    store.publish(log('a'));
    await settle();
    expect(seen).toEqual([]);
    expect(store.stats().subscribers).toBe(0);
  });

  it('ends only the failing subscription when a listener throws, keeping the error on it', async () => {
    const store = new EventStore();
    const failure = new Error('listener broke');
    const failing = store.subscribe(() => {
      throw failure;
    });
    const seen: string[] = [];
    store.subscribe((event) => void seen.push(event.id));
    store.publish(log('a'));
    store.publish(log('a'));
    await settle();
    expect(failing.closed).toBe(true);
    expect(failing.failure).toBe(failure);
    expect(seen).toHaveLength(2);
    expect(store.stats().subscribers).toBe(1);
  });
});
