import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../runtime/traffic/filter/parse-filter.js';
import { NO_FILTER } from '../../../runtime/traffic/row-filter.js';
import { rowDuration, rowStatus, type RequestRow } from '../../../runtime/traffic/traffic-row.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { exampleTrace } from './sample-events.js';

const outline = (tree: TrafficTree): string[] =>
  visibleRows(tree, NO_FILTER, new Set()).map(({ row, depth }) => `${'  '.repeat(depth)}${row.kind} ${row.component} ${row.url} ${rowStatus(row) ?? '…'}`);

describe('TrafficTree', () => {
  it('nests outbound calls, chain hops and denials beneath their inbound request', () => {
    const tree = new TrafficTree();
    tree.add(exampleTrace('a'));
    expect(outline(tree)).toEqual([
      'inbound frontend /hello?name=spin 200',
      '  chain frontend http://backend.spin.internal/greeting 200',
      '    inbound backend /greeting 200',
      '      outbound backend http://127.0.0.1:8080/greeting 200',
      '  denied frontend https://blocked.example.test/ DENIED',
    ]);
    expect(tree.denialsWithin('a-in')).toBe(1);
    expect((tree.get('a-backend-in') as RequestRow).logs.map((log) => log.line)).toEqual(['fetched greeting']);
    expect(rowDuration(tree.get('a-api')!)).toBe(12);
  });

  it('keeps each event once when history and live batches overlap', () => {
    const tree = new TrafficTree();
    const events = exampleTrace('a');
    expect(tree.add(events.slice(0, 8))).toBe(8);
    expect(tree.add(events)).toBe(events.length - 8);
    expect(tree.size).toBe(5);
    expect(tree.denialsWithin('a-in')).toBe(1);
  });

  it('builds the same tree whatever order the events arrive in', () => {
    const inOrder = new TrafficTree();
    inOrder.add(exampleTrace('a'));
    const reversed = new TrafficTree();
    reversed.add([...exampleTrace('a')].reverse());
    expect(outline(reversed)).toEqual(outline(inOrder));
    expect(reversed.denialsWithin('a-in')).toBe(1);
  });

  it('orders root rows by request time even when older ones arrive later', () => {
    const tree = new TrafficTree();
    tree.add(exampleTrace('new', 2_000));
    tree.add(exampleTrace('old', 1_000));
    expect(tree.roots.map((row) => row.id)).toEqual(['old-in', 'new-in']);
  });

  it('replaces a row when it changes, so the list sees a new object', () => {
    const tree = new TrafficTree();
    const [request, ...rest] = exampleTrace('a');
    tree.add([request!]);
    const pending = tree.get('a-in');
    tree.add(rest);
    expect(tree.get('a-in')).not.toBe(pending);
    expect(tree.roots[0]).toBe(tree.get('a-in'));
  });

  it('hides the children of a collapsed row', () => {
    const tree = new TrafficTree();
    tree.add(exampleTrace('a'));
    const rows = visibleRows(tree, NO_FILTER, new Set(['a-chain']));
    expect(rows.map(({ row }) => row.id)).toEqual(['a-in', 'a-chain', 'a-blocked']);
    expect(rows[1]).toMatchObject({ expanded: false, childCount: 1 });
  });

  it('forgets everything on clear', () => {
    const tree = new TrafficTree();
    tree.add(exampleTrace('a'));
    tree.clear();
    expect(tree.size).toBe(0);
    expect(tree.add(exampleTrace('a'))).toBe(12);
  });

  it('folds 100,000 rows', () => {
    const tree = new TrafficTree();
    for (let batch = 0; batch < 100; batch++) {
      tree.add(Array.from({ length: 200 }, (_, i) => exampleTrace(`${batch}-${i}`, batch * 1000 + i)).flat());
    }
    expect(tree.size).toBe(100_000);
    expect(visibleRows(tree, parseFilter('decision:denied'), new Set()).filter(({ matches }) => matches)).toHaveLength(20_000);
  });
});
