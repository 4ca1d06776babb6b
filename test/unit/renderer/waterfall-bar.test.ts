import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { barStatusOf, waterfallBar } from '../../../renderer/state/waterfall-bar.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { buildTrace, exampleTrace, reloadEvent, storeTrace } from './sample-events.js';

function treeOf(events: SpinscopeEvent[]): TrafficTree {
  const tree = new TrafficTree();
  tree.add(events);
  return tree;
}

describe('the waterfall column', () => {
  it('colours a bar by how the row ended', () => {
    const answered = (status: number) =>
      treeOf(exampleTrace('a').map((event) => (event.kind === 'inbound.response' && event.parentId === 'a-in' ? { ...event, status } : event))).get('a-in')!;
    expect([200, 304, 404, 500, 503].map((status) => barStatusOf(answered(status)))).toEqual(['ok', 'ok', 'client-error', 'failed', 'failed']);
    const example = treeOf(exampleTrace('a'));
    expect(barStatusOf(example.get('a-blocked')!)).toBe('denied');
    expect(barStatusOf(treeOf(exampleTrace('a').slice(0, 1)).get('a-in')!)).toBe('pending');
    const stores = treeOf(storeTrace('s'));
    expect(['s-get', 's-insert', 's-cache-denied'].map((id) => barStatusOf(stores.get(id)!))).toEqual(['ok', 'failed', 'denied']);
    expect(barStatusOf(treeOf(buildTrace('b', [], 1)).get('b-started')!)).toBe('failed');
    expect(barStatusOf(treeOf([reloadEvent('r')]).get('r')!)).toBe('ok');
  });

  it('an outbound call that failed (a DNS error, a refused connection) is failed, not a success', () => {
    const [request] = exampleTrace('a').filter((event) => event.id === 'a-api');
    const tree = treeOf([
      request!,
      { kind: 'outbound.error', id: 'a-api-error', time: request!.time + 3, traceId: 'trace-a', parentId: 'a-api', component: 'backend', url: 'http://127.0.0.1:8080/greeting', error: { code: 'ENOTFOUND', name: 'Error', message: 'getaddrinfo ENOTFOUND' } } as SpinscopeEvent,
    ]);
    expect(barStatusOf(tree.get('a-api')!)).toBe('failed');
  });

  it('places a row on the session axis from its start for its duration; a running one reaches the end', () => {
    const tree = treeOf(exampleTrace('a', 1_000));
    expect(waterfallBar(tree.get('a-in')!, { start: 1_000, end: 1_060 })).toEqual({ left: 0, width: 0.5, status: 'ok' });
    expect(waterfallBar(tree.get('a-api')!, { start: 1_000, end: 1_100 })).toEqual({ left: 0.08, width: 0.12, status: 'ok' });
    const running = treeOf(exampleTrace('b', 1_050).slice(0, 1)).get('b-in')!;
    expect(waterfallBar(running, { start: 1_000, end: 1_100 })).toEqual({ left: 0.5, width: 0.5, status: 'pending' });
  });
});
