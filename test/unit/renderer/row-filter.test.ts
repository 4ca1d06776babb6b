import { describe, expect, it } from 'vitest';
import { NO_FILTER, type TrafficFilter } from '../../../renderer/state/row-filter.js';
import { TrafficTree } from '../../../renderer/state/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { exampleTrace } from './sample-events.js';

function shown(change: Partial<TrafficFilter>): string[] {
  const tree = new TrafficTree();
  tree.add(exampleTrace('a'));
  return visibleRows(tree, { ...NO_FILTER, ...change }, new Set()).map(({ row }) => row.id);
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
});
