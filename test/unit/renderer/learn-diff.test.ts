import { describe, expect, it } from 'vitest';
import type { LearnedHosts } from '../../../runtime/api/contract.js';
import { changesNothing, chosenEntries, learnLines } from '../../../renderer/state/learn-diff.js';

const learned: LearnedHosts = {
  component: 'web',
  current: ['http://backend.spin.internal', 'http://{{ upstream }}', 'https://{{ missing }}'],
  suggested: ['http://{{ upstream }}', 'https://api.test'],
};
const hosts = [
  { raw: 'http://backend.spin.internal', resolved: 'http://backend.spin.internal' },
  { raw: 'http://{{ upstream }}', resolved: 'http://127.0.0.1:3000' },
  { raw: 'https://{{ missing }}' },
];

describe('learn mode diff', () => {
  it('lists the current entries in their order, kept or removed, then the added ones, each with what it resolves to', () => {
    expect(learnLines(learned, hosts)).toEqual([
      { entry: 'http://backend.spin.internal', resolved: 'http://backend.spin.internal', proposal: 'removed', included: false },
      { entry: 'http://{{ upstream }}', resolved: 'http://127.0.0.1:3000', proposal: 'kept', included: true },
      { entry: 'https://{{ missing }}', resolved: undefined, proposal: 'removed', included: false },
      { entry: 'https://api.test', resolved: 'https://api.test', proposal: 'added', included: true },
    ]);
  });

  it('applies the proposal as written unless the developer chose otherwise', () => {
    expect(chosenEntries(learnLines(learned, hosts))).toEqual(learned.suggested);
    const chosen = learnLines(learned, hosts, { 'http://backend.spin.internal': true, 'https://api.test': false });
    expect(chosenEntries(chosen)).toEqual(['http://backend.spin.internal', 'http://{{ upstream }}']);
  });

  it('tells when applying would leave the list as it is', () => {
    expect(changesNothing(learnLines(learned, hosts), learned.current)).toBe(false);
    const keepAll = { 'http://backend.spin.internal': true, 'https://{{ missing }}': true, 'https://api.test': false };
    expect(changesNothing(learnLines(learned, hosts, keepAll), learned.current)).toBe(true);
  });
});
