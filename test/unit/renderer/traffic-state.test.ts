import { describe, expect, it } from 'vitest';
import type { EventBatch, EventPage, EventPageRequest } from '../../../runtime/api/contract.js';
import type { EventFilter, SpinscopeEvent } from '../../../runtime/api/events.js';
import { TrafficState } from '../../../renderer/state/traffic.svelte.js';
import { toHar } from '../../../runtime/events/har.js';
import { buildTrace, exampleTrace, reloadEvent, storeTrace } from './sample-events.js';
import { UnusedApi } from './unused-api.js';

/** The event half of SpinscopeApi over an array, paged like the runtime's store, with live batches pushed by the test. */
class RecordedEvents extends UnusedApi {
  readonly listeners = new Set<(batch: EventBatch) => void>();
  history: SpinscopeEvent[] = [];
  /** Events per history page. */
  pageSize = 1_000;
  /** The `after` of each history call, in order. */
  readonly pagesAsked: (string | undefined)[] = [];
  clears = 0;
  /** Runs before each page of `events()` answers, with the page's index, to push live batches while history is loading. */
  beforeHistory: (page: number) => void = () => undefined;

  push(events: SpinscopeEvent[], evicted = 0, evictedTraceIds: string[] = []): void {
    for (const listener of this.listeners) listener({ events, evicted, evictedBytes: evicted * 100, evictedTraceIds });
  }
  override onEvents(listener: (batch: EventBatch) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  override async events(_filter?: EventFilter, page: EventPageRequest = {}): Promise<EventPage> {
    this.beforeHistory(this.pagesAsked.length);
    this.pagesAsked.push(page.after);
    const start = page.after === undefined ? 0 : Number(page.after);
    const end = start + this.pageSize;
    return { events: this.history.slice(start, end), evicted: 3, evictedBytes: 300, ...(end < this.history.length ? { next: String(end) } : {}) };
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
    api.beforeHistory = (page) => page === 0 && api.push(trace.slice(4));
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(traffic.total).toBe(5);
    expect(traffic.visible.map(({ row }) => row.id)).toEqual(['a-in', 'a-chain', 'a-backend-in', 'a-api', 'a-blocked']);
    expect(traffic.evicted).toBe(3);
    expect(traffic.evictedBytes).toBe(300);
  });

  it('loads history a page at a time, each asked after the last', async () => {
    const api = new RecordedEvents();
    api.history = [...exampleTrace('a'), ...exampleTrace('b'), ...exampleTrace('c')];
    api.pageSize = 5;
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(api.pagesAsked).toEqual([undefined, '5', '10', '15', '20', '25', '30', '35']);
    expect(traffic.total).toBe(15);
  });

  it('drops the rows of traces the runtime evicted, and shows how much it let go', async () => {
    const api = new RecordedEvents();
    api.history = [...exampleTrace('a'), ...exampleTrace('b')];
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.openDetail('a-api');
    traffic.setExpanded('a-in', false);
    api.push(exampleTrace('c'), 15, ['trace-a']);
    expect(traffic.visible.map(({ row }) => row.traceId)).toEqual([...Array(5).fill('trace-b'), ...Array(5).fill('trace-c')]);
    expect(traffic.total).toBe(10);
    expect([traffic.evicted, traffic.evictedBytes]).toEqual([15, 1500]);
    // The selected row went with its trace.
    expect(traffic.selected).toBeUndefined();
    expect(traffic.detailOpen).toBe(false);
    expect(traffic.collapsed.size).toBe(0);
  });

  it('keeps a trace that a later event starts again after its eviction', async () => {
    const api = new RecordedEvents();
    api.history = exampleTrace('a');
    const traffic = new TrafficState(api);
    await traffic.connect();
    const again = exampleTrace('a', 1_800_000_000_000).map((event) => ({ ...event, id: `again-${event.id}`, ...(event.parentId === undefined ? {} : { parentId: `again-${event.parentId}` }) }));
    api.push(again, 12, ['trace-a']);
    expect(traffic.visible.map(({ row }) => row.id)).toEqual(['again-a-in', 'again-a-chain', 'again-a-backend-in', 'again-a-api', 'again-a-blocked']);
    // The ids of its old events went with it, so what the tree remembers stays bounded.
    api.push(exampleTrace('a'));
    expect(traffic.total).toBe(10);
  });

  it('while paused, drops what waits of an evicted trace and its rows on resume', async () => {
    const api = new RecordedEvents();
    api.history = exampleTrace('a');
    const traffic = new TrafficState(api);
    await traffic.connect();
    traffic.setPaused(true);
    api.push(exampleTrace('b'));
    api.push(exampleTrace('c'), 24, ['trace-a', 'trace-b']);
    expect(traffic.buffered).toBe(12);
    expect(traffic.total).toBe(5);
    traffic.setPaused(false);
    expect(traffic.visible.map(({ row }) => row.traceId)).toEqual(Array(5).fill('trace-c'));
  });

  it('drops a trace from history that was evicted while later pages loaded', async () => {
    const api = new RecordedEvents();
    api.history = [...exampleTrace('a'), ...exampleTrace('b')];
    api.pageSize = 12;
    api.beforeHistory = (page) => page === 1 && api.push([], 12, ['trace-a']);
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(traffic.visible.map(({ row }) => row.traceId)).toEqual(Array(5).fill('trace-b'));
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
    traffic.setFilter('decision:denied');
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
    traffic.setFilter('kind:reload,build');
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
    traffic.setFilter('decision:denied');
    // The three denials, beneath their request, shown dimmed as their context.
    expect(traffic.visible.map(({ row, matches }) => `${row.id} ${matches}`)).toEqual(['s-in false', 's-cache-denied true', 's-analytics-denied true', 's-redis-denied true']);
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

  describe('under live traffic', () => {
    /** A TrafficState whose frames are drawn when the test says so. */
    async function framed(history: SpinscopeEvent[] = []) {
      const api = new RecordedEvents();
      api.history = history;
      const frames: (() => void)[] = [];
      const traffic = new TrafficState(api, { schedule: (callback) => frames.push(callback) });
      await traffic.connect();
      const drawFrame = () => frames.splice(0).forEach((callback) => callback());
      drawFrame();
      return { api, traffic, frames, drawFrame };
    }

    it('applies every batch that arrived between two frames in one revision, in the order they came', async () => {
      const { api, traffic, frames, drawFrame } = await framed();
      const revision = traffic.revision;
      api.push(exampleTrace('a'));
      api.push(exampleTrace('b'), 2);
      api.push(exampleTrace('c'), 4);
      expect(frames).toHaveLength(1);
      expect(traffic.total).toBe(0);
      drawFrame();
      expect(traffic.revision).toBe(revision + 1);
      expect(traffic.total).toBe(15);
      expect(traffic.evicted).toBe(4);
    });

    it('drops the rows of a trace a later batch of the same frame evicted, and keeps what started it again', async () => {
      const { api, traffic, drawFrame } = await framed();
      api.push(exampleTrace('a'));
      api.push(exampleTrace('b'));
      api.push([], 12, ['trace-a']);
      const again = exampleTrace('b', 1_800_000_000_000).map((event) => ({ ...event, id: `again-${event.id}`, ...(event.parentId === undefined ? {} : { parentId: `again-${event.parentId}` }) }));
      api.push(again, 24, ['trace-b']);
      drawFrame();
      expect(traffic.visible.map(({ row }) => row.id)).toEqual(['again-b-in', 'again-b-chain', 'again-b-backend-in', 'again-b-api', 'again-b-blocked']);
    });

    it('drops live rows when a later live batch says the runtime evicted their trace', async () => {
      const { api, traffic, drawFrame } = await framed(exampleTrace('a'));
      api.push(exampleTrace('b', 1_700_000_001_000));
      drawFrame();
      api.push(exampleTrace('c', 1_700_000_002_000));
      drawFrame();
      traffic.setExpanded('b-in', false);
      traffic.openDetail('c-api');
      expect(traffic.total).toBe(15);
      api.push([], 24, ['trace-b', 'trace-c']);
      drawFrame();
      expect(traffic.visible.map(({ row }) => row.traceId)).toEqual(Array(5).fill('trace-a'));
      expect(traffic.total).toBe(5);
      expect(traffic.selected).toBeUndefined();
      expect(traffic.collapsed.size).toBe(0);
    });

    it('shows batches that came before a pause ahead of what waited during it, even within one frame', async () => {
      const { api, traffic, drawFrame } = await framed();
      api.push(exampleTrace('a'));
      traffic.setPaused(true);
      api.push([], 12, ['trace-a']);
      traffic.setPaused(false);
      drawFrame();
      expect(traffic.total).toBe(0);
    });

    it('shows the eviction counts and what waits while paused from the next frame', async () => {
      const { api, traffic, drawFrame } = await framed();
      traffic.setPaused(true);
      api.push(exampleTrace('a'), 9);
      // 3: what the history said.
      expect([traffic.buffered, traffic.evicted]).toEqual([0, 3]);
      drawFrame();
      expect([traffic.buffered, traffic.evicted]).toEqual([12, 9]);
    });
  });

  it('spans the time axis from the first row to the latest event', async () => {
    const api = new RecordedEvents();
    api.history = [...exampleTrace('a', 1_000), ...exampleTrace('b', 5_000)];
    const traffic = new TrafficState(api);
    await traffic.connect();
    expect(traffic.timeAxis).toEqual({ start: 1_000, end: 5_030 });
    api.push([], 12, ['trace-a']);
    expect(traffic.timeAxis.start).toBe(5_000);
  });

  it('sorts by the layout\'s column, and a new sort applies at once', async () => {
    const api = new RecordedEvents();
    api.history = [...exampleTrace('a', 1_000), ...exampleTrace('b', 5_000)];
    const traffic = new TrafficState(api);
    await traffic.connect();
    // Time ascending is the default: a click on its header turns it round.
    traffic.layout.toggleSort('time');
    expect(traffic.layout.sort).toEqual({ column: 'time', direction: 'descending' });
    expect(traffic.visible.map(({ row, depth }) => (depth === 0 ? row.id : '')).filter((id) => id !== '')).toEqual(['b-in', 'a-in']);
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
