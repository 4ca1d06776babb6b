import { describe, expect, it } from 'vitest';
import { COLUMNS, fitColumns, type ColumnId } from '../../../renderer/state/list-columns.js';
import { LAYOUT_KEY, ListLayout, type LayoutStorage } from '../../../renderer/state/list-layout.svelte.js';

/** `localStorage`'s two calls over a Map, as a page would keep them across reloads. */
class MemoryStorage implements LayoutStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const DEFAULT_WIDTHS = Object.fromEntries(COLUMNS.map((column) => [column.id, column.width])) as Record<ColumnId, number>;
const ids = (hidden: ReadonlySet<ColumnId>, available: number, widths = DEFAULT_WIDTHS) => fitColumns(hidden, widths, available).columns.map((column) => column.id);

describe('the list layout', () => {
  it('keeps widths, hidden columns, the sort and the split across a reload', () => {
    const storage = new MemoryStorage();
    const layout = new ListLayout(storage);
    layout.setWidth('component', 180);
    layout.setShown('time', false);
    layout.toggleSort('status');
    layout.toggleSort('status');
    layout.setDetailShare(0.3);
    const reloaded = new ListLayout(storage);
    expect(reloaded.widths.component).toBe(180);
    expect(reloaded.widths.status).toBe(DEFAULT_WIDTHS.status);
    expect([...reloaded.hidden]).toEqual(['time']);
    expect(reloaded.sort).toEqual({ column: 'status', direction: 'descending' });
    expect(reloaded.detailShare).toBe(0.3);
  });

  it('keeps widths and the split within their limits, and the URL column always shown', () => {
    const layout = new ListLayout(new MemoryStorage());
    layout.setWidth('size', 5);
    layout.setWidth('method', 5_000);
    layout.setShown('url', false);
    layout.setDetailShare(0.99);
    expect([layout.widths.size, layout.widths.method]).toEqual([40, 800]);
    expect(layout.hidden.has('url')).toBe(false);
    expect(layout.detailShare).toBe(0.75);
  });

  it('ignores what it stored that does not fit, keeping the defaults for it', () => {
    const storage = new MemoryStorage();
    storage.setItem(LAYOUT_KEY, JSON.stringify({ widths: { time: 'wide', nope: 90, size: 120 }, hidden: ['url', 'waterfall', 7], sort: { column: 'waterfall', direction: 'up' }, detailShare: 4 }));
    const layout = new ListLayout(storage);
    expect(layout.widths.time).toBe(DEFAULT_WIDTHS.time);
    expect(layout.widths.size).toBe(120);
    expect([...layout.hidden]).toEqual(['waterfall']);
    expect(layout.sort).toEqual({ column: 'time', direction: 'ascending' });
    expect(layout.detailShare).toBe(0.42);
    storage.setItem(LAYOUT_KEY, '{not json');
    expect(new ListLayout(storage).widths).toEqual(DEFAULT_WIDTHS);
  });

  it('reset brings back every default', () => {
    const storage = new MemoryStorage();
    const layout = new ListLayout(storage);
    layout.setShown('size', false);
    layout.toggleSort('url');
    layout.reset();
    expect(new ListLayout(storage).hidden.size).toBe(0);
    expect(new ListLayout(storage).sort.column).toBe('time');
  });
});

describe('fitting the columns into the list', () => {
  it('shows every column when there is room, the URL taking what is left', () => {
    expect(ids(new Set(), 1_200)).toEqual(['time', 'component', 'method', 'url', 'status', 'duration', 'size', 'waterfall']);
    expect(fitColumns(new Set(), DEFAULT_WIDTHS, 1_200).widths).toEqual([100, 110, 64, 546, 88, 80, 72, 140]);
  });

  it('shrinks every column alike when even the ones that stay do not fit', () => {
    const { widths } = fitColumns(new Set(), DEFAULT_WIDTHS, 300);
    expect(widths).toEqual([43, 96, 59, 54, 48]);
    expect(widths.reduce((sum, width) => sum + width, 0)).toBeLessThanOrEqual(300);
  });

  it('leaves out the waterfall, then the time, then the component when narrow, never duration or size', () => {
    expect(ids(new Set(), 700)).toEqual(['time', 'component', 'method', 'url', 'status', 'duration', 'size']);
    expect(ids(new Set(), 560)).toEqual(['component', 'method', 'url', 'status', 'duration', 'size']);
    expect(ids(new Set(), 450)).toEqual(['method', 'url', 'status', 'duration', 'size']);
    expect(ids(new Set(), 200)).toEqual(['method', 'url', 'status', 'duration', 'size']);
    expect(fitColumns(new Set(), DEFAULT_WIDTHS, 560).squeezedOut).toEqual(new Set(['waterfall', 'time']));
  });

  it('leaves out the columns the developer hid, which makes room for the others', () => {
    expect(ids(new Set(['component', 'method'] as const), 560)).toEqual(['time', 'url', 'status', 'duration', 'size']);
  });
});
