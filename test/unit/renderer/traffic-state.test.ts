import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { TrafficState } from '../../../renderer/state/traffic.svelte.js';
import { toHar } from '../../../runtime/events/har.js';
import { buildTrace, exampleTrace, reloadEvent, storeTrace } from './sample-events.js';
import { UnusedApi } from './unused-api.js';

/** The event half of SpinscopeApi over an array, with live batches pushed by the test. */
class RecordedEvents extends UnusedApi {
  readonly listeners = new Set<(batch: EventBatch) => void>();
  history: SpinscopeEvent[] = [];
  clears = 0;
  /** Runs before `events()` answers, to push live batches while history is loading. */
  beforeHistory: () => void = () => undefined;

  push(events: SpinscopeEvent[], evicted = 0): void {
    for (const listener of this.listeners) listener({ events, evicted });
  }
  override onEvents(listener: (batch: EventBatch) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  override async events() {
    this.beforeHistory();
    return { events: this.history, evicted: 3 };
  }
  override async clearEvents() {
    this.clears++;
    this.history = [];
  }
}

describe('TrafficState', () => {
  it('merges history with live batches that arrived while it loaded, without duplicates', async () => {
    const api = new RecordedEvents();
    const trace = exampleTrace('a');
    api.history = trace.slice(0, 6);
    api.beforeHistory = () => api.push(trace.slice(4));
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(traffic.total).toBe(5);
    expect(traffic.visible.map(({ row }) => row.id)).toEqual(['a-in', 'a-chain', 'a-backend-in', 'a-api', 'a-blocked']);
    expect(traffic.evicted).toBe(3);
  });

  it('buffers live batches while paused and shows them on resume', async () => {
    const api = new RecordedEvents();
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.setPaused(true);
    api.push(exampleTrace('a'), 7);
    expect(traffic.total).toBe(0);
    expect(traffic.buffered).toBe(12);
    expect(traffic.evicted).toBe(7);
    traffic.setPaused(false);
    expect(traffic.total).toBe(5);
    expect(traffic.buffered).toBe(0);
  });

  it('keeps the selection when new rows arrive', async () => {
    const api = new RecordedEvents();
    api.history = exampleTrace('a');
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.openDetail('a-api');
    api.push(exampleTrace('b'));
    expect(traffic.selected?.id).toBe('a-api');
    expect(traffic.detailOpen).toBe(true);
    expect(traffic.selectedTrace.map((row) => row.id)).toEqual(['a-in', 'a-chain', 'a-backend-in', 'a-api', 'a-blocked']);
  });

  it('clear forgets the rows here and in the runtime', async () => {
    const api = new RecordedEvents();
    api.history = exampleTrace('a');
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.select('a-in');
    await traffic.clear();
    expect(api.clears).toBe(1);
    expect(traffic.total).toBe(0);
    expect(traffic.selected).toBeUndefined();
    expect(traffic.evicted).toBe(0);
  });

  it('exports the events behind the filtered rows', async () => {
    const api = new RecordedEvents();
    api.history = exampleTrace('a');
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.setFilter({ ...traffic.filter, kinds: ['denied'] });
    expect(traffic.exportEvents('visible').map((event) => event.id)).toEqual(['a-blocked', 'a-denied']);
    expect(traffic.exportEvents('all')).toHaveLength(12);
  });

  it('exports HTTP exchanges only, leaving reloads and builds out of the HAR', async () => {
    const api = new RecordedEvents();
    api.history = [...exampleTrace('a'), reloadEvent('r', { trigger: 'restart' }), ...buildTrace('b', ['compiling'], 1)];
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(traffic.total).toBe(7);
    expect(traffic.exportEvents('all')).toHaveLength(12);
    expect(toHar(traffic.exportEvents('all'), { creatorVersion: 'test' }).log.entries).toHaveLength(5);
    traffic.setFilter({ ...traffic.filter, kinds: ['reload', 'build'] });
    expect(traffic.visible).toHaveLength(2);
    expect(traffic.exportEvents('visible')).toEqual([]);
  });

  it('exports HTTP exchanges only, leaving key-value, SQLite and other host calls out of the HAR', async () => {
    const api = new RecordedEvents();
    api.history = storeTrace('s');
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(traffic.total).toBe(10);
    expect(traffic.exportEvents('all').map((event) => event.id)).toEqual(['s-in', 's-res']);
    const entries = toHar(traffic.exportEvents('all'), { creatorVersion: 'test' }).log.entries;
    expect(entries.map((entry) => [entry.request.url, entry.response.status])).toEqual([['http://127.0.0.1:3000/todos', 200]]);
    // Given the whole trace, the HAR export leaves the host calls out by itself too.
    expect(toHar(storeTrace('s'), { creatorVersion: 'test' }).log.entries).toEqual(entries);
    traffic.setFilter({ ...traffic.filter, kinds: ['denied'] });
    expect(traffic.visible).toHaveLength(3);
    expect(traffic.exportEvents('visible')).toEqual([]);
  });

  it('finds the newest build of a component, in its current version, for the problem banner', async () => {
    const api = new RecordedEvents();
    api.history = [...buildTrace('old', ['fine'], 0), ...exampleTrace('a')];
    const traffic = new TrafficState(api);
    await traffic.connect();
    const [started, line] = buildTrace('new', ['err:boom'], 1, 1_800_000_000_000);
    api.push([started!]);
    expect(traffic.latestBuild('frontend')?.id).toBe('new-started');
    api.push([line!]);
    expect(traffic.latestBuild('frontend')?.output.map((output) => output.line)).toEqual(['boom']);
    expect(traffic.latestBuild('backend')).toBeUndefined();
  });

  it('collapses and expands a row', async () => {
    const api = new RecordedEvents();
    api.history = exampleTrace('a');
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.setExpanded('a-in', false);
    expect(traffic.visible.map(({ row }) => row.id)).toEqual(['a-in']);
    traffic.setExpanded('a-in', true);
    expect(traffic.visible).toHaveLength(5);
  });
});
