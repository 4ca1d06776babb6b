import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComponentAudit, EventBatch, WhatIfResult } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { draftEntries, INSIGHT_REFRESH_MS, PolicyInsight } from '../../../renderer/state/policy-insight.svelte.js';
import { exampleTrace } from './sample-events.js';
import { UnusedApi } from './unused-api.js';

/** Live events pushed by the test; what-ifs answered when the test says, in any order. */
class InsightApi extends UnusedApi {
  readonly listeners = new Set<(batch: EventBatch) => void>();
  readonly pending = new Map<string, (result: WhatIfResult) => void>();
  audits = 0;

  push(events: readonly SpinscopeEvent[]): void {
    for (const listener of this.listeners) listener({ events, evicted: 0, evictedBytes: 0, evictedTraceIds: [] });
  }
  override onEvents(listener: (batch: EventBatch) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  override async auditAllowedHosts(): Promise<readonly ComponentAudit[]> {
    this.audits++;
    return [];
  }
  override whatIfAllowedHosts(component: string, entries: readonly string[]): Promise<WhatIfResult> {
    if (entries.includes('bad')) return Promise.reject(Object.assign(new Error('Invalid allowed host "bad"'), { code: 'SPINSCOPE_ALLOWED_HOST' }));
    return new Promise((resolve) => this.pending.set(entries.join(' '), resolve));
  }
  answer(entries: string, calls: number): void {
    this.pending.get(entries)?.({ component: 'web', entries: entries.split(' '), calls, changes: [] });
  }
}

describe('PolicyInsight', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the answer for the draft as typed now, never a late answer for an older draft', async () => {
    const api = new InsightApi();
    const insight = new PolicyInsight(api);
    const first = insight.edit('web', 'https://a.test');
    const second = insight.edit('web', 'https://a.test\nhttps://b.test');
    api.answer('https://a.test https://b.test', 2);
    await second;
    api.answer('https://a.test', 1);
    await first;
    expect(insight.drafts['web']).toMatchObject({ text: 'https://a.test\nhttps://b.test', result: { calls: 2 } });
  });

  it("shows Spin's message for a draft it would refuse, and forgets the draft on close", async () => {
    const api = new InsightApi();
    const insight = new PolicyInsight(api);
    await insight.edit('web', 'bad');
    expect(insight.drafts['web']).toEqual({ text: 'bad', problem: 'Invalid allowed host "bad"' });
    insight.close('web');
    expect(insight.drafts).toEqual({});
  });

  it('asks for the audit again once per burst of recorded calls', async () => {
    const api = new InsightApi();
    const insight = new PolicyInsight(api);
    await insight.connect();
    expect(api.audits).toBe(1);
    const requests = exampleTrace('t').filter((event) => event.kind === 'outbound.request');
    api.push(requests);
    api.push(requests);
    await vi.advanceTimersByTimeAsync(INSIGHT_REFRESH_MS);
    expect(api.audits).toBe(2);
    insight.disconnect();
  });

  it('reads a draft as one entry per line, blank lines and spaces dropped', () => {
    expect(draftEntries(' https://a.test \n\n  \nhttp://self\n')).toEqual(['https://a.test', 'http://self']);
  });
});
