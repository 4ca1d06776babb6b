import { describe, expect, it } from 'vitest';
import type { CapturedBody, GuestLogEvent, OutboundResponseEvent, SpinscopeEvent, SqliteEvent } from '../../../runtime/api/events.js';
import { UsageError } from '../../../runtime/errors/spinscope-error.js';
import { EventStore, eventSize, PAGE_LIMITS, recordedBytes } from '../../../runtime/events/index.js';

let next = 0;
function log(traceId: string, component = 'web', line = `line ${next}`): GuestLogEvent {
  next += 1;
  return { kind: 'guest.log', id: `e${next}`, time: next, traceId, component, stream: 'stdout', line };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

const KIB = 1024;
const captured = (bytes: number): CapturedBody => ({ captured: new Uint8Array(bytes).fill(7), size: bytes, truncated: false });

function response(traceId: string, bodyBytes: number): OutboundResponseEvent {
  next += 1;
  return { kind: 'outbound.response', id: `e${next}`, time: next, traceId, component: 'web', url: 'http://127.0.0.1:1/', status: 200, headers: [], body: captured(bodyBytes), timings: { start: 0, headers: 0, end: 0 } };
}

function sqliteRows(traceId: string, rows: number, blobBytes: number): SqliteEvent {
  next += 1;
  return {
    kind: 'sqlite.operation',
    id: `e${next}`,
    time: next,
    traceId,
    component: 'web',
    interface: 'fermyon:spin/sqlite@2.0.0',
    durationMs: 1,
    database: 'default',
    operation: 'execute',
    statement: 'SELECT id, data FROM things',
    columns: ['id', 'data'],
    rows: Array.from({ length: rows }, (_, row) => [{ type: 'integer', value: String(row) }, { type: 'blob', value: captured(blobBytes) }]),
    rowCount: rows,
  };
}

/** Every page of `store` from the start, with `request`'s limits. */
function allPages(store: EventStore, request: { maxBytes?: number; maxEvents?: number } = {}, filter?: Parameters<EventStore['page']>[0]) {
  const pages = [];
  let after: string | undefined;
  do {
    const page = store.page(filter, { ...request, ...(after === undefined ? {} : { after }) });
    pages.push(page);
    after = page.next;
  } while (after !== undefined);
  return pages;
}

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
    expect(store.stats()).toMatchObject({ traces: 2, events: 2, evictedTraces: 1, evictedEvents: 3, subscribers: 0 });
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

describe('EventStore byte budget', () => {
  it('weighs an event by its captured bytes and the text of every other field', () => {
    const event = response('a', 10 * KIB);
    const size = eventSize(event);
    expect(size.captured).toBe(10 * KIB);
    expect(size.bytes).toBe(recordedBytes(event));
    expect(size.bytes - size.captured).toBeGreaterThan(50);
    expect(size.bytes - size.captured).toBeLessThan(300);
  });

  it('evicts the oldest whole traces to stay within maxEventBytes, counting the events and bytes it let go', () => {
    const store = new EventStore({ maxEventBytes: 100 * KIB, maxTraceBytes: 100 * KIB });
    const published = Array.from({ length: 10 }, (_, index) => [response(`t${index}`, 10 * KIB), log(`t${index}`)]);
    for (const pair of published) for (const event of pair) store.publish(event);
    const weight = (traceEvents: SpinscopeEvent[]) => traceEvents.reduce((sum, event) => sum + eventSize(event).bytes, 0);
    const stats = store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(100 * KIB);
    expect(store.traceIds()).toEqual(published.slice(stats.evictedTraces).map((pair) => pair[0]!.traceId));
    expect(stats.evictedTraces).toBeGreaterThan(0);
    expect(stats.evictedEvents).toBe(stats.evictedTraces * 2);
    expect(stats.evictedBytes).toBe(published.slice(0, stats.evictedTraces).reduce((sum, pair) => sum + weight(pair), 0));
    expect(stats.bytes + stats.evictedBytes).toBe(published.reduce((sum, pair) => sum + weight(pair), 0));
    expect(stats.events + stats.evictedEvents).toBe(20);
  });

  it('evicts a trace that alone outgrows the budget, and a later event of it starts it again', () => {
    const store = new EventStore({ maxEventBytes: 2 * KIB });
    for (let line = 0; line < 100; line++) store.publish(log('chatty', 'web', `a long line of guest output, number ${line}, that keeps coming`));
    const stats = store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(2 * KIB);
    expect(stats.evictedTraces).toBeGreaterThan(1);
    expect(stats.events + stats.evictedEvents).toBe(100);
    expect(store.trace('chatty')?.length).toBe(stats.events);
  });

  it('cuts the captured bytes of an event that would take its trace past maxTraceBytes, marking them truncated', async () => {
    const store = new EventStore({ maxEventBytes: 1024 * KIB, maxTraceBytes: 25 * KIB });
    const seen: SpinscopeEvent[] = [];
    store.subscribe((event) => void seen.push(event));
    const events = [response('big', 10 * KIB), response('big', 10 * KIB), response('big', 10 * KIB), response('big', 10 * KIB)];
    for (const event of events) store.publish(event);
    const bodies = (store.trace('big') as OutboundResponseEvent[]).map((event) => event.body);
    expect(bodies).toHaveLength(4);
    expect(bodies.map((body) => body.size)).toEqual([10 * KIB, 10 * KIB, 10 * KIB, 10 * KIB]);
    expect(bodies.map((body) => body.truncated)).toEqual([false, false, true, true]);
    expect(bodies[2]!.captured.byteLength).toBeGreaterThan(4 * KIB);
    expect(bodies[2]!.captured.byteLength).toBeLessThan(5 * KIB);
    expect(bodies[2]!.captured.every((byte) => byte === 7)).toBe(true);
    expect(bodies[3]!.captured.byteLength).toBe(0);
    expect(store.stats()).toMatchObject({ events: 4, trimmedEvents: 2, evictedEvents: 0 });
    expect(store.stats().bytes).toBeLessThanOrEqual(25 * KIB + 2 * eventSize({ ...events[3]!, body: captured(0) }).bytes);
    // What subscribers get is what the store holds; the published event itself is untouched.
    await settle();
    expect(seen.map((event) => (event as OutboundResponseEvent).body.truncated)).toEqual([false, false, true, true]);
    expect(events[3]!.body.captured.byteLength).toBe(10 * KIB);
    // Another trace has a cap of its own.
    store.publish(response('other', 10 * KIB));
    expect((store.trace('other') as OutboundResponseEvent[])[0]!.body.truncated).toBe(false);
  });

  it('keeps the first rows of a SQLite result that fit in its trace cap, and the true row count', () => {
    const store = new EventStore({ maxEventBytes: 1024 * KIB, maxTraceBytes: 10 * KIB });
    store.publish(sqliteRows('q', 10, 3 * KIB));
    const [event] = store.trace('q') as SqliteEvent[];
    expect(event!.rows).toHaveLength(3);
    expect(event!.rowCount).toBe(10);
    expect(event!.rows![1]![0]).toEqual({ type: 'integer', value: '1' });
  });

  it('defaults the trace cap to an eighth of the budget', () => {
    const store = new EventStore({ maxEventBytes: 80 * KIB });
    store.publish(response('a', 20 * KIB));
    expect((store.trace('a') as OutboundResponseEvent[])[0]!.body).toMatchObject({ size: 20 * KIB, truncated: true });
    expect(store.stats().bytes).toBeLessThanOrEqual(10 * KIB);
  });

  it('keeps nothing with a budget of 0, counting every event as evicted and handing subscribers each one whole', async () => {
    const store = new EventStore({ maxEventBytes: 0 });
    const seen: SpinscopeEvent[] = [];
    store.subscribe((event) => void seen.push(event));
    const event = response('a', 10 * KIB);
    store.publish(event);
    expect(store.stats()).toMatchObject({ traces: 0, events: 0, bytes: 0, evictedEvents: 1, evictedBytes: eventSize(event).bytes, trimmedEvents: 0 });
    await settle();
    expect(seen).toEqual([event]);
  });

  it('tells an observer of each event held and each trace evicted, in order', () => {
    const store = new EventStore({ maxTraces: 1 });
    const seen: string[] = [];
    store.observe({ recorded: (event) => void seen.push(`+${event.traceId}`), evicted: (traceId) => void seen.push(`-${traceId}`) });
    store.publish(log('a'));
    store.publish(log('a'));
    store.publish(log('b'));
    expect(seen).toEqual(['+a', '+a', '+b', '-a']);
  });

  it('forgets the eviction counts on clear', () => {
    const store = new EventStore({ maxTraces: 1 });
    store.publish(log('a'));
    store.publish(log('b'));
    store.clear();
    expect(store.stats()).toMatchObject({ traces: 0, events: 0, bytes: 0, evictedTraces: 0, evictedEvents: 0, evictedBytes: 0 });
  });
});

describe('EventStore pages', () => {
  it('answers a full store in pages, each within its byte cap, covering every event once in publish order', () => {
    const store = new EventStore({ maxEventBytes: 4096 * KIB, maxTraceBytes: 4096 * KIB });
    for (let index = 0; index < 300; index++) {
      store.publish(response(`t${index}`, (index % 7) * 3 * KIB));
      store.publish(log(`t${index}`));
    }
    const pages = allPages(store, { maxBytes: 64 * KIB });
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) expect(page.events.reduce((sum, event) => sum + eventSize(event).bytes, 0)).toBeLessThanOrEqual(64 * KIB);
    expect(pages.flatMap((page) => page.events)).toEqual(store.events());
    expect(pages.at(-1)!.next).toBeUndefined();
  });

  it('puts one event heavier than the cap in a page of its own rather than stall', () => {
    const store = new EventStore();
    for (const bytes of [1, 300, 1, 1]) store.publish(response('a', bytes * KIB));
    expect(allPages(store, { maxBytes: 100 * KIB }).map((page) => page.events.length)).toEqual([1, 1, 2]);
  });

  it('bounds a page by maxEvents, and a default page by the default limits', () => {
    const store = new EventStore();
    for (let index = 0; index < 2_500; index++) store.publish(log(`t${index}`));
    expect(allPages(store, { maxEvents: 1_000 }).map((page) => page.events.length)).toEqual([1_000, 1_000, 500]);
    const first = store.page();
    expect(first.events).toHaveLength(PAGE_LIMITS.defaultEvents);
    expect(first.next).toBeDefined();
  });

  it('keeps its cursor valid while traces are evicted between pages', () => {
    const store = new EventStore({ maxTraces: 50 });
    for (let index = 0; index < 50; index++) store.publish(log(`t${index}`));
    const first = store.page(undefined, { maxEvents: 10 });
    expect(first.events.map((event) => event.traceId)).toEqual(Array.from({ length: 10 }, (_, index) => `t${index}`));
    for (let index = 50; index < 70; index++) store.publish(log(`t${index}`));
    const rest = allPages(store, { maxEvents: 10 }).length;
    expect(rest).toBe(5);
    const second = store.page(undefined, { maxEvents: 10, after: first.next! });
    // t10..t19 were evicted meanwhile: the page goes on from the oldest event still held.
    expect(second.events.map((event) => event.traceId)).toEqual(Array.from({ length: 10 }, (_, index) => `t${index + 20}`));
  });

  it('pages through a filter, and through one trace', () => {
    const store = new EventStore();
    for (let index = 0; index < 100; index++) {
      store.publish(log(`t${index % 10}`, index % 2 === 0 ? 'web' : 'api'));
    }
    const web = allPages(store, { maxEvents: 7 }, { component: 'web' }).flatMap((page) => page.events);
    expect(web).toEqual(store.events({ component: 'web' }));
    expect(web).toHaveLength(50);
    const trace = allPages(store, { maxEvents: 3 }, { traceId: 't3' }).flatMap((page) => page.events);
    expect(trace).toEqual(store.trace('t3'));
  });

  it('looks at a bounded number of events per page, answering short with a cursor when a filter skips many', () => {
    const store = new EventStore({ maxTraces: 200_000 });
    for (let index = 0; index < 120_000; index++) store.publish(log(`t${index}`, index === 119_999 ? 'rare' : 'web'));
    const pages = allPages(store, {}, { component: 'rare' });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((page) => page.events.length === 0 && page.next !== undefined)).toBe(true);
    expect(pages.flatMap((page) => page.events).map((event) => event.traceId)).toEqual(['t119999']);
  });

  it('refuses a cursor that no page gave', () => {
    expect(() => new EventStore().page(undefined, { after: 'e12' })).toThrow(UsageError);
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
