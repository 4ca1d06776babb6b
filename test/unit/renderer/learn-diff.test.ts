import { describe, expect, it } from 'vitest';
import type { LearnedHosts } from '../../../runtime/api/contract.js';
import { changesNothing, chosenEntries, learnLines } from '../../../renderer/state/learn-diff.js';

const learned: LearnedHosts = {
  component: 'web',
  current: ['http://backend.spin.internal', 'https://{{ api_host }}', 'http://{{ api_host }}', 'https://{{ missing }}'],
  kept: ['https://{{ api_host }}', 'http://{{ api_host }}'],
  keptForScheme: ['https://{{ api_host }}'],
  offered: [
    { entry: 'https://blocked.test', reason: 'denied' },
    { entry: 'https://was-allowed.test', reason: 'unlisted' },
  ],
};
const hosts = [
  { raw: 'http://backend.spin.internal', resolved: 'http://backend.spin.internal' },
  { raw: 'https://{{ api_host }}', resolved: 'https://127.0.0.1:3000' },
  { raw: 'http://{{ api_host }}', resolved: 'http://127.0.0.1:3000' },
  { raw: 'https://{{ missing }}' },
];

describe('learn mode diff', () => {
  it('lists the current entries in their order, kept or unused, then the offered ones, each with what it resolves to', () => {
    expect(learnLines(learned, hosts)).toEqual([
      { entry: 'http://backend.spin.internal', resolved: 'http://backend.spin.internal', verdict: 'unused', current: true, included: false },
      { entry: 'https://{{ api_host }}', resolved: 'https://127.0.0.1:3000', verdict: 'kept-for-scheme', current: true, included: true },
      { entry: 'http://{{ api_host }}', resolved: 'http://127.0.0.1:3000', verdict: 'kept', current: true, included: true },
      { entry: 'https://{{ missing }}', resolved: undefined, verdict: 'unused', current: true, included: false },
      { entry: 'https://blocked.test', resolved: 'https://blocked.test', verdict: 'denied', current: false, included: false },
      { entry: 'https://was-allowed.test', resolved: 'https://was-allowed.test', verdict: 'unlisted', current: false, included: false },
    ]);
  });

  it('ticks only the kept entries, so the proposal as it stands never adds an entry, a denied host least of all', () => {
    expect(chosenEntries(learnLines(learned, hosts))).toEqual(['https://{{ api_host }}', 'http://{{ api_host }}']);
  });

  it('applies what the developer ticked, current entries in their place, then the added ones', () => {
    const chosen = learnLines(learned, hosts, { 'https://blocked.test': true, 'http://backend.spin.internal': true, 'http://{{ api_host }}': false });
    expect(chosenEntries(chosen)).toEqual(['http://backend.spin.internal', 'https://{{ api_host }}', 'https://blocked.test']);
  });

  it('tells when applying would leave the list as it is', () => {
    expect(changesNothing(learnLines(learned, hosts), learned.current)).toBe(false);
    const keepAll = { 'http://backend.spin.internal': true, 'https://{{ missing }}': true };
    expect(changesNothing(learnLines(learned, hosts, keepAll), learned.current)).toBe(true);
  });
});
