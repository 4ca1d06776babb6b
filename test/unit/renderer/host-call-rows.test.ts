import { describe, expect, it } from 'vitest';
import type { StoreDeniedEvent } from '../../../runtime/api/events.js';
import { NO_FILTER } from '../../../runtime/traffic/row-filter.js';
import { isDenialRow, rowDuration, rowEvents, rowSize, rowStatus, rowStatusText } from '../../../runtime/traffic/traffic-row.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { exampleTrace, storeTrace } from './sample-events.js';

const columns = (tree: TrafficTree, collapsed: ReadonlySet<string> = new Set()): string[] =>
  visibleRows(tree, NO_FILTER, collapsed).map(({ row, depth }) => `${'  '.repeat(depth)}${row.method} ${row.url} | ${rowStatusText(row)}`);

describe('host call rows', () => {
  it('nest every key-value, SQLite and other host call beneath the inbound request it served', () => {
    const tree = new TrafficTree();
    tree.add(storeTrace('s'));
    expect(columns(tree)).toEqual([
      'GET /todos | 200',
      '  KV default open | ok',
      '  KV default get "counter" | found',
      '  KV default set "counter" | ok',
      '  SQL default SELECT id, title, done, score, icon FROM todos WHERE done = ? | 2 rows',
      '  SQL default INSERT INTO todos (title) VALUES (?) | io',
      '  KV cache open | DENIED',
      '  SQL analytics open | DENIED',
      '  REDIS redis://cache.internal:6379 | DENIED',
      '  LLM infer | unsupported',
    ]);
    expect(tree.childrenOf('s-in').map((row) => row.kind)).toEqual(['kv', 'kv', 'kv', 'sqlite', 'sqlite', 'kv', 'sqlite', 'api', 'api']);
  });

  it('give each call its outcome, duration and value size', () => {
    const tree = new TrafficTree();
    tree.add(storeTrace('s'));
    const row = (id: string) => tree.get(`s-${id}`)!;
    expect(rowStatus(row('get'))).toBe('OK');
    expect(rowDuration(row('get'))).toBe(0.2);
    expect(rowSize(row('get'))).toBe(2);
    expect(rowSize(row('select'))).toBeUndefined();
    expect(rowStatus(row('insert'))).toBe('ERROR');
    expect(rowStatus(row('cache-denied'))).toBe('DENIED');
    expect(rowStatus(row('redis-denied'))).toBe('DENIED');
    expect(rowStatus(row('llm'))).toBe('ERROR');
    // Neither an unsupported call nor an address denial has a duration of its own.
    expect(rowDuration(row('llm'))).toBeUndefined();
    expect(rowEvents(row('select')).map((event) => event.id)).toEqual(['s-select']);
    expect(row('redis-denied').host).toBe('cache.internal:6379');
    // A call is published when it returns: its row starts when the call did.
    expect(row('select').time).toBe(1_700_000_003_000 + 6 - 1.5);
    expect(row('llm').time).toBe(1_700_000_003_000 + 10);
  });

  it('count store, database and interface denials in the request, as HTTP denials are', () => {
    const tree = new TrafficTree();
    tree.add(storeTrace('s'));
    expect(tree.denialsWithin('s-in')).toBe(3);
    expect(['s-cache-denied', 's-analytics-denied', 's-redis-denied'].every((id) => isDenialRow(tree.get(id)!))).toBe(true);
    expect(isDenialRow(tree.get('s-insert')!)).toBe(false);
    const folded = visibleRows(tree, NO_FILTER, new Set(['s-in']));
    expect(folded.map(({ row, hiddenDenials }) => [row.id, hiddenDenials])).toEqual([['s-in', 3]]);
  });

  it('fold the same way whatever order the events arrive in, and a chained request counts its callee\'s denials', () => {
    const reversed = new TrafficTree();
    reversed.add([...storeTrace('s')].reverse());
    const inOrder = new TrafficTree();
    inOrder.add(storeTrace('s'));
    expect(columns(reversed)).toEqual(columns(inOrder));
    expect(reversed.denialsWithin('s-in')).toBe(3);

    // A key-value denial in the chained backend shows in the frontend's folded badge.
    const tree = new TrafficTree();
    const denied = storeTrace('s').find((event): event is StoreDeniedEvent => event.kind === 'kv.denied')!;
    tree.add([{ ...denied, id: 'backend-denied', traceId: 'trace-a', parentId: 'a-backend-in', component: 'backend' }]);
    tree.add(exampleTrace('a'));
    expect(tree.denialsWithin('a-in')).toBe(2);
    expect(tree.denialsWithin('a-chain')).toBe(1);
  });
});
