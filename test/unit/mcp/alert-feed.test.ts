import { describe, expect, it } from 'vitest';
import type { SpinscopeApi } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { EventStore } from '../../../runtime/events/index.js';
import { AlertFeed, DENIALS_URI, FAILED_BUILDS_URI, MAX_DENIALS } from '../../../runtime/mcp/alert-feed.js';
import { subscribeBatches } from '../../../runtime/session/event-batches.js';
import { buildTrace, exampleTrace } from '../renderer/sample-events.js';

/** A feed over a real event store, its live events batched as a session batches them. */
function feedOver(store: EventStore, changed: string[]): AlertFeed {
  const api = { onEvents: (listener) => subscribeBatches(store, listener) } as Pick<SpinscopeApi, 'onEvents'> as SpinscopeApi;
  return new AlertFeed(api, (uri) => changed.push(uri));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('AlertFeed', () => {
  it('keeps the latest denials and failed builds, and says which list changed', async () => {
    const store = new EventStore();
    const changed: string[] = [];
    const feed = feedOver(store, changed);
    for (const event of [...exampleTrace('a'), ...buildTrace('b', ['err: boom'], 1)]) store.publish(event);
    await settle();
    expect(feed.denials.alerts).toEqual([expect.objectContaining({ component: 'frontend', target: 'https://blocked.example.test/', suggestion: 'https://blocked.example.test' })]);
    expect(feed.failedBuilds.alerts).toEqual([expect.objectContaining({ component: 'frontend', exitCode: 1 })]);
    expect(changed.sort()).toEqual([DENIALS_URI, FAILED_BUILDS_URI]);
    feed.close();
  });

  it('holds at most MAX_DENIALS, counting those it dropped', async () => {
    const store = new EventStore();
    const feed = feedOver(store, []);
    const denials = Array.from({ length: MAX_DENIALS + 5 }, (_, index) => exampleTrace(`t${index}`)).flat().filter((event): event is SpinscopeEvent => event.kind === 'outbound.denied');
    for (const event of denials) store.publish(event);
    await settle();
    expect(feed.denials.alerts).toHaveLength(MAX_DENIALS);
    expect(feed.denials.dropped).toBe(5);
    expect(feed.denials.alerts[0]?.traceId).toBe('trace-t5');
    feed.close();
  });
});
