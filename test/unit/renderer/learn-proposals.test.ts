import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBatch, LearnedHosts } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { LEARN_REFRESH_MS, LearnProposals } from '../../../renderer/state/learn-proposals.svelte.js';
import { exampleTrace } from './sample-events.js';
import { UnusedApi } from './unused-api.js';

/** Live events pushed by the test, and a learnAllowedHosts() that answers `next` and counts its calls. */
class LearningApi extends UnusedApi {
  readonly listeners = new Set<(batch: EventBatch) => void>();
  next: readonly LearnedHosts[] = [];
  asked = 0;

  push(events: readonly SpinscopeEvent[]): void {
    for (const listener of this.listeners) listener({ events, evicted: 0, evictedBytes: 0, evictedTraceIds: [] });
  }
  override onEvents(listener: (batch: EventBatch) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  override async learnAllowedHosts() {
    this.asked++;
    return this.next;
  }
  /** spin.toml as the fake holds it: a preview lists the entries on its one line. */
  manifest = 'hosts = []\n';
  override async previewAllowedHosts(component: string, entries: readonly string[]) {
    if (entries.includes('bad')) throw Object.assign(new Error('Invalid allowed host "bad"'), { code: 'SPINSCOPE_ALLOWED_HOST' });
    return { file: `/${component}/spin.toml`, before: this.manifest, after: `hosts = ${JSON.stringify(entries)}\n` };
  }
}

const proposal = (...offered: string[]): LearnedHosts[] => [
  { component: 'frontend', current: ['http://backend.spin.internal'], kept: [], keptForScheme: [], offered: offered.map((entry) => ({ entry, reason: 'denied' as const })) },
];
const byKind = (kind: SpinscopeEvent['kind']) => exampleTrace('t').filter((event) => event.kind === kind);

describe('LearnProposals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks again once per burst of recorded outbound calls, not once per event', async () => {
    const api = new LearningApi();
    const learn = new LearnProposals(api);
    await learn.connect();
    expect(learn.proposals).toEqual([]);

    api.next = proposal('https://blocked.example.test');
    api.push(byKind('outbound.request'));
    api.push(byKind('outbound.denied'));
    api.push(byKind('outbound.request'));
    expect(api.asked).toBe(1);
    await vi.advanceTimersByTimeAsync(LEARN_REFRESH_MS);
    expect(api.asked).toBe(2);
    expect(learn.proposals).toEqual(proposal('https://blocked.example.test'));
  });

  it('leaves the proposals alone for events that cannot change them, and stops on disconnect', async () => {
    const api = new LearningApi();
    const learn = new LearnProposals(api);
    await learn.connect();
    api.push([...byKind('inbound.request'), ...byKind('inbound.response'), ...byKind('chain.hop')]);
    await vi.advanceTimersByTimeAsync(LEARN_REFRESH_MS);
    expect(api.asked).toBe(1);

    api.push(byKind('outbound.request'));
    learn.disconnect();
    await vi.advanceTimersByTimeAsync(LEARN_REFRESH_MS);
    expect(api.asked).toBe(1);
    expect(api.listeners.size).toBe(0);
  });

  it("keeps the developer's choices across refreshes", async () => {
    const api = new LearningApi();
    api.next = proposal('https://a.test');
    const learn = new LearnProposals(api);
    await learn.connect();
    learn.choose('frontend', 'http://backend.spin.internal', true);
    learn.choose('frontend', 'https://a.test', false);

    api.next = proposal('https://a.test', 'https://b.test');
    api.push(byKind('outbound.request'));
    await vi.advanceTimersByTimeAsync(LEARN_REFRESH_MS);
    expect(learn.proposals).toEqual(proposal('https://a.test', 'https://b.test'));
    expect(learn.choices).toEqual({ frontend: { 'http://backend.spin.internal': true, 'https://a.test': false } });
  });

  it('shows what a save would write, and confirms only a second look that saw the same entries and the same spin.toml', async () => {
    const api = new LearningApi();
    const learn = new LearnProposals(api);
    expect(await learn.review('frontend', ['https://a.test'])).toBe(false);
    expect(learn.reviews).toEqual({ frontend: { entries: ['https://a.test'], edit: { file: '/frontend/spin.toml', before: 'hosts = []\n', after: 'hosts = ["https://a.test"]\n' } } });
    expect(await learn.review('frontend', ['https://a.test'])).toBe(true);

    expect(await learn.review('frontend', ['https://b.test'])).toBe(false);
    api.manifest = '# edited meanwhile\nhosts = []\n';
    expect(await learn.review('frontend', ['https://b.test'])).toBe(false);
    expect(await learn.review('frontend', ['bad'])).toBe(false);
    expect(learn.reviews.frontend).toEqual({ entries: ['bad'], problem: 'Invalid allowed host "bad"' });

    learn.closeReview('frontend');
    expect(learn.reviews).toEqual({});
  });
});
