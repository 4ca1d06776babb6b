import { describe, expect, it } from 'vitest';
import { NO_FILTER, type TrafficFilter } from '../../../renderer/state/row-filter.js';
import { TrafficTree } from '../../../renderer/state/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { exampleTrace, storeTrace } from './sample-events.js';

function shown(change: Partial<TrafficFilter>): string[] {
  const tree = new TrafficTree();
  tree.add(exampleTrace('a'));
  return visibleRows(tree, { ...NO_FILTER, ...change }, new Set()).filter(({ matches }) => matches).map(({ row }) => row.id);
}

describe('traffic filters', () => {
  it('"denied only" lists just the denials, flat', () => {
    expect(shown({ kinds: ['denied'] })).toEqual(['a-blocked']);
  });

  it('filters by kind', () => {
    expect(shown({ kinds: ['inbound'] })).toEqual(['a-in', 'a-backend-in']);
    expect(shown({ kinds: ['chain', 'outbound'] })).toEqual(['a-chain', 'a-api']);
  });

  it('filters by component', () => {
    expect(shown({ component: 'backend' })).toEqual(['a-backend-in', 'a-api']);
  });

  it('filters by host substring, case-insensitively', () => {
    expect(shown({ host: 'BLOCKED' })).toEqual(['a-blocked']);
    expect(shown({ host: '127.0.0.1' })).toEqual(['a-in', 'a-api']);
  });

  it('filters by status class', () => {
    expect(shown({ statusClass: 'failed' })).toEqual(['a-blocked']);
    expect(shown({ statusClass: '2xx' })).toHaveLength(4);
    expect(shown({ statusClass: '4xx' })).toEqual([]);
  });

  it('filters by method', () => {
    expect(shown({ method: 'POST' })).toEqual([]);
    expect(shown({ method: 'GET' })).toHaveLength(5);
  });

  it('free text matches every word anywhere in the row', () => {
    expect(shown({ text: 'greeting backend' })).toEqual(['a-chain', 'a-backend-in', 'a-api']);
    expect(shown({ text: 'denied' })).toEqual(['a-blocked']);
    expect(shown({ text: 'nothing-like-this' })).toEqual([]);
  });

  describe('with key-value and SQLite calls', () => {
    function shownWithStores(change: Partial<TrafficFilter>): string[] {
      const tree = new TrafficTree();
      tree.add([...exampleTrace('a'), ...storeTrace('s')]);
      return visibleRows(tree, { ...NO_FILTER, ...change }, new Set()).filter(({ matches }) => matches).map(({ row }) => row.id);
    }

    it('"denied only" adds store, database and interface denials to the HTTP ones', () => {
      expect(shownWithStores({ kinds: ['denied'] })).toEqual(['a-blocked', 's-cache-denied', 's-analytics-denied', 's-redis-denied']);
    });

    it('the kv and sqlite kinds show their calls, denials included', () => {
      expect(shownWithStores({ kinds: ['kv'] })).toEqual(['s-open', 's-get', 's-set', 's-cache-denied']);
      expect(shownWithStores({ kinds: ['sqlite'] })).toEqual(['s-select', 's-insert', 's-analytics-denied']);
      expect(shownWithStores({ kinds: ['api'] })).toEqual(['s-redis-denied', 's-llm']);
    });

    it('the component filter counts them with their request', () => {
      expect(shownWithStores({ component: 'todo' })).toHaveLength(10);
    });

    it('a failed call is "failed", a successful one has no HTTP status class', () => {
      expect(shownWithStores({ statusClass: 'failed', component: 'todo' })).toEqual(['s-insert', 's-cache-denied', 's-analytics-denied', 's-redis-denied', 's-llm']);
      expect(shownWithStores({ statusClass: '2xx', component: 'todo' })).toEqual(['s-in']);
    });

    it('free text finds a key, a statement, a store or an error case', () => {
      expect(shownWithStores({ text: 'counter' })).toEqual(['s-get', 's-set']);
      expect(shownWithStores({ text: 'from todos' })).toEqual(['s-select']);
      expect(shownWithStores({ text: 'cache' })).toEqual(['s-cache-denied', 's-redis-denied']);
      expect(shownWithStores({ text: 'io todo' })).toEqual(['s-insert']);
    });
  });
});
