import { describe, expect, it } from 'vitest';
import type { RuleAction } from '../../../runtime/api/contract.js';
import { actionSummary, matchSummary, ruleSummary } from '../../../renderer/format/rule-summary.js';

describe('rule summaries', () => {
  it.each<[RuleAction, string]>([
    [{ kind: 'stub', status: 200, body: 'héllo' }, 'stub 200 (6 B)'],
    [{ kind: 'stub', status: 204 }, 'stub 204 (no body)'],
    [{ kind: 'stub', status: 200, bodyFile: 'items.json' }, 'stub 200 (body from items.json)'],
    [{ kind: 'delay', ms: 1500 }, 'delay 1500 ms'],
    [{ kind: 'fail', error: 'dns-error' }, 'fail: DNS error'],
    [{ kind: 'fail', error: 'connection-reset' }, 'fail: connection reset mid-body'],
    [{ kind: 'fail', error: 'connection-reset', afterBytes: 2048 }, 'fail: connection reset after 2.0 KiB'],
    [{ kind: 'throttle', bytesPerSecond: 10240 }, 'throttle to 10.0 KiB/s'],
    [{ kind: 'pass' }, 'pass through'],
  ])('%j reads as %s', (action, text) => {
    expect(actionSummary(action)).toBe(text);
  });

  it('spells out what a match leaves open, and says when a rule is off', () => {
    expect(matchSummary({ url: 'https://api.test/**' })).toBe('any method https://api.test/** from any component');
    expect(ruleSummary({ name: 'slow', enabled: false, match: { component: 'web', method: 'GET', url: 'http://a.test' }, action: { kind: 'delay', ms: 5 } })).toBe(
      'slow: GET http://a.test from web, delay 5 ms (off)',
    );
  });
});
