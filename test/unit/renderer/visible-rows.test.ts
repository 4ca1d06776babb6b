import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { parseFilter } from '../../../runtime/traffic/filter/parse-filter.js';
import { NO_FILTER, type TrafficFilter } from '../../../runtime/traffic/row-filter.js';
import { TIME_ORDER, type RowSort } from '../../../renderer/state/row-sort.js';
import { rowStatusText } from '../../../runtime/traffic/traffic-row.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { VisibleRowIndex, visibleRows, type VisibleRow } from '../../../renderer/state/visible-rows.js';
import { exampleTrace, storeTrace } from './sample-events.js';

/** A trace of the example whose inbound request answered `status` after `ms`, started at `start`. */
function answered(tag: string, start: number, status: number, ms: number): SpinscopeEvent[] {
  return exampleTrace(tag, start).map((event) =>
    event.kind === 'inbound.response' && event.parentId === `${tag}-in` ? { ...event, status, timings: { ...event.timings, end: start + ms } } : event,
  );
}

/** Each shown row as `depth id`, with `(context)` for a row shown only for rows beneath it and its hidden denials. */
const outline = (rows: Iterable<VisibleRow>): string[] =>
  [...rows].map(({ row, depth, matches, hiddenDenials }) => `${depth} ${row.id}${matches ? '' : ' (context)'}${hiddenDenials > 0 ? ` +${hiddenDenials} denied` : ''}`);

describe('visible rows', () => {
  describe('sorted by a column', () => {
    const tree = new TrafficTree();
    tree.add([...answered('a', 1_000, 404, 30), ...answered('b', 2_000, 200, 90), ...answered('c', 3_000, 500, 10)]);
    const roots = (sort: RowSort): string[] => visibleRows(tree, NO_FILTER, new Set(), sort).filter(({ depth }) => depth === 0).map(({ row }) => row.id);

    it('orders root rows by the column, either way', () => {
      expect(roots({ column: 'status', direction: 'ascending' })).toEqual(['b-in', 'a-in', 'c-in']);
      expect(roots({ column: 'status', direction: 'descending' })).toEqual(['c-in', 'a-in', 'b-in']);
      expect(roots({ column: 'duration', direction: 'descending' })).toEqual(['b-in', 'a-in', 'c-in']);
      expect(roots(TIME_ORDER)).toEqual(['a-in', 'b-in', 'c-in']);
      expect(roots({ column: 'time', direction: 'descending' })).toEqual(['c-in', 'b-in', 'a-in']);
    });

    it('keeps every row beneath its parent, children in time order', () => {
      expect(outline(visibleRows(tree, NO_FILTER, new Set(), { column: 'status', direction: 'descending' })).slice(0, 6)).toEqual([
        '0 c-in',
        '1 c-chain',
        '2 c-backend-in',
        '3 c-api',
        '1 c-blocked',
        '0 a-in',
      ]);
    });

    it('puts rows without a value last, either way, and breaks ties by time', () => {
      const pending = new TrafficTree();
      pending.add([...answered('a', 1_000, 200, 30), ...exampleTrace('p', 500).slice(0, 1), ...answered('b', 2_000, 200, 30)]);
      const order = (direction: RowSort['direction']) =>
        visibleRows(pending, NO_FILTER, new Set(), { column: 'status', direction })
          .filter(({ depth }) => depth === 0)
          .map(({ row }) => `${row.id} ${rowStatusText(row)}`);
      expect(order('ascending')).toEqual(['a-in 200', 'b-in 200', 'p-in …']);
      expect(order('descending')).toEqual(['a-in 200', 'b-in 200', 'p-in …']);
    });
  });

  describe('with a filter', () => {
    const tree = new TrafficTree();
    tree.add(exampleTrace('a'));
    const filtered = (query: string, collapsed: ReadonlySet<string> = new Set()) => outline(visibleRows(tree, parseFilter(query), collapsed));

    it('shows the matching rows within their tree, the rows above them kept as context', () => {
      expect(filtered('component:backend')).toEqual(['0 a-in (context) +1 denied', '1 a-chain (context)', '2 a-backend-in', '3 a-api']);
      expect(filtered('decision:denied')).toEqual(['0 a-in (context)', '1 a-blocked']);
    });

    it('counts a denial the filter hides on the row it hangs from', () => {
      expect(filtered('hello')).toEqual(['0 a-in +1 denied']);
    });

    it('keeps a folded row that has matches beneath it, and counts how many of its children have', () => {
      const rows = visibleRows(tree, parseFilter('component:backend'), new Set(['a-in']));
      expect(rows.map(({ row, childCount, expanded, matches }) => [row.id, childCount, expanded, matches])).toEqual([['a-in', 1, false, false]]);
    });

    it('leaves out a trace with nothing that matches', () => {
      expect(filtered('nothing-like-this')).toEqual([]);
    });
  });

  describe('kept up to date batch by batch', () => {
    const FILTERS: readonly TrafficFilter[] = [
      NO_FILTER,
      parseFilter('decision:denied'),
      parseFilter('greeting'),
      parseFilter('component:backend'),
      parseFilter('status:2xx'),
    ];
    const SORTS: readonly RowSort[] = [
      TIME_ORDER,
      { column: 'time', direction: 'descending' },
      { column: 'status', direction: 'ascending' },
      { column: 'duration', direction: 'descending' },
      { column: 'component', direction: 'descending' },
      { column: 'url', direction: 'ascending' },
      { column: 'size', direction: 'descending' },
    ];
    // Traces that start at the same few times, so ties between them are common.
    const TRACES = Array.from({ length: 6 }, (_, index) => (index % 3 === 2 ? storeTrace(`t${index}`, 1_000 * (index % 2)) : answered(`t${index}`, 1_000 * (index % 2), 200 + 100 * index, 10 * index)));
    const ROW_IDS = TRACES.flatMap((events) => events.map((event) => event.id));

    type Step =
      | { readonly add: number; readonly from: number; readonly to: number; readonly reversed: boolean }
      | { readonly evict: number }
      | { readonly toggle: number }
      | { readonly filter: number }
      | { readonly sort: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ add: fc.nat(TRACES.length - 1), from: fc.nat(12), to: fc.nat(12), reversed: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ evict: fc.nat(TRACES.length - 1) }) },
      { weight: 2, arbitrary: fc.record({ toggle: fc.nat(ROW_IDS.length - 1) }) },
      { weight: 1, arbitrary: fc.record({ filter: fc.nat(FILTERS.length - 1) }) },
      { weight: 1, arbitrary: fc.record({ sort: fc.nat(SORTS.length - 1) }) },
    );

    it('shows what a full recompute shows, after any batches, evictions, folds, filters and sorts', () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
          const tree = new TrafficTree();
          const index = new VisibleRowIndex(tree);
          let view = { filter: NO_FILTER, sort: TIME_ORDER, collapsed: new Set<string>() as ReadonlySet<string> };
          for (const next of steps) {
            if ('add' in next) {
              const events = (TRACES[next.add] as SpinscopeEvent[]).slice(Math.min(next.from, next.to), Math.max(next.from, next.to) + 1);
              tree.add(next.reversed ? events.reverse() : events);
            } else if ('evict' in next) tree.removeTraces([(TRACES[next.evict] as SpinscopeEvent[])[0]?.traceId ?? '']);
            else if ('toggle' in next) {
              const collapsed = new Set(view.collapsed);
              const id = ROW_IDS[next.toggle] as string;
              if (!collapsed.delete(id)) collapsed.add(id);
              view = { ...view, collapsed };
            } else if ('filter' in next) view = { ...view, filter: FILTERS[next.filter] as TrafficFilter };
            else view = { ...view, sort: SORTS[next.sort] as RowSort };
            const shown = index.sync(view);
            const expected = visibleRows(tree, view.filter, view.collapsed, view.sort);
            expect([...shown]).toEqual(expected.map((row) => expect.objectContaining(row)));
            expect(shown.matching).toBe(expected.filter(({ matches }) => matches).length);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('rebuilds when more changed than it keeps track of, as when nobody looked at the list for a long while', () => {
      const churn = (tree: TrafficTree): void => {
        for (let trace = 0; trace < 1_500; trace++) {
          tree.add(exampleTrace(`t${trace}`, trace));
          if (trace >= 10) tree.removeTraces([`trace-t${trace - 10}`]);
        }
      };
      const untaken = new TrafficTree();
      churn(untaken);
      expect(untaken.takeChangedRoots()).toBe('all');

      const tree = new TrafficTree();
      const index = new VisibleRowIndex(tree);
      const view = { filter: NO_FILTER, sort: TIME_ORDER, collapsed: new Set<string>() };
      index.sync(view);
      churn(tree);
      tree.add(exampleTrace('last', 2_000));
      expect(outline(index.sync(view))).toEqual(outline(visibleRows(tree, NO_FILTER, new Set())));
      expect(index.sync(view)).toHaveLength(55);
    });

    it('adds a batch of new traffic at the end without rebuilding the rows before it', () => {
      const tree = new TrafficTree();
      const index = new VisibleRowIndex(tree);
      tree.add(exampleTrace('a', 1_000));
      const view = { filter: NO_FILTER, sort: TIME_ORDER, collapsed: new Set<string>() };
      const before = [...index.sync(view)];
      tree.add(exampleTrace('b', 2_000));
      const after = [...index.sync(view)];
      expect(after).toHaveLength(10);
      // The same objects: the rows of trace a were not rebuilt, so the list redraws none of them.
      expect(after.slice(0, 5).every((visible, at) => visible === before[at])).toBe(true);
    });
  });
});
