import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { compareTraces } from '../../../renderer/state/trace-comparison.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { body, exampleTrace } from './sample-events.js';

/** The rows of the one trace `events` make, depth first. */
function rowsOf(events: readonly SpinscopeEvent[]) {
  const tree = new TrafficTree();
  tree.add(events);
  return tree.trace(events[0]?.traceId ?? '');
}

/** The example trace replayed after its denied host was allowed: that call now answers 200. */
function allowedReplay(tag: string): SpinscopeEvent[] {
  return exampleTrace(tag).map((event) =>
    event.kind === 'outbound.denied'
      ? { kind: 'outbound.response', id: event.id, time: event.time, traceId: event.traceId, parentId: event.parentId ?? '', component: 'frontend', url: event.url, status: 200, headers: [], body: body('ok'), timings: { start: event.time, headers: event.time, end: event.time } }
      : event,
  );
}

describe('compareTraces', () => {
  it('reports a denied call that the replay made with success, and counts the calls that kept their decision', () => {
    const comparison = compareTraces(rowsOf(exampleTrace('a')), rowsOf(allowedReplay('b')));
    expect(comparison).toEqual({
      status: { before: 200, after: 200 },
      changed: [
        {
          component: 'frontend',
          method: 'GET',
          url: 'https://blocked.example.test/',
          before: { rowId: 'a-blocked', decision: 'denied', status: 'DENIED' },
          after: { rowId: 'b-blocked', decision: 'allowed', status: 200 },
        },
      ],
      unchanged: 2,
      settled: true,
    });
  });

  it('reports an allowed call that the replay had denied, and the status change of the request', () => {
    const failing = exampleTrace('b').map((event) => (event.kind === 'inbound.response' && event.parentId === 'b-in' ? { ...event, status: 500 } : event));
    const comparison = compareTraces(rowsOf(allowedReplay('a')), rowsOf(failing));
    expect(comparison.status).toEqual({ before: 200, after: 500 });
    expect(comparison.changed.map((call) => [call.url, call.before?.decision, call.after?.decision])).toEqual([['https://blocked.example.test/', 'allowed', 'denied']]);
  });

  it('reports calls only one trace made, matching repeated calls in order', () => {
    const original = exampleTrace('a');
    const extra = (tag: string, n: number): SpinscopeEvent => ({
      kind: 'outbound.request', id: `${tag}-extra-${n}`, time: 1_700_000_000_026 + n, traceId: `trace-${tag}`, parentId: `${tag}-in`, component: 'frontend', method: 'POST', url: 'http://127.0.0.1:9/audit', headers: [], body: body(''),
    });
    // The replay made the audit call twice where the original made it once, and skipped the API call.
    const replayed = [...exampleTrace('b').filter((event) => event.id !== 'b-api' && event.id !== 'b-api-res'), extra('b', 1), extra('b', 2)];
    const comparison = compareTraces([...rowsOf([...original, extra('a', 1)])], rowsOf(replayed));
    expect(comparison.changed.map((call) => [call.method, call.url, call.before?.rowId, call.after?.rowId, call.after?.decision])).toEqual([
      ['POST', 'http://127.0.0.1:9/audit', undefined, 'b-extra-2', 'pending'],
      ['GET', 'http://127.0.0.1:8080/greeting', 'a-api', undefined, undefined],
    ]);
    expect(comparison.unchanged).toBe(3);
  });

  it('reads a replay still on its way as pending', () => {
    const started = exampleTrace('b').slice(0, 1);
    expect(compareTraces(rowsOf(exampleTrace('a')), rowsOf(started))).toMatchObject({ status: { before: 200, after: undefined }, unchanged: 0, settled: false });
  });
});
