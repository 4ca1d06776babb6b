import { describe, expect, it } from 'vitest';
import type { OutboundRule } from '../../../runtime/api/contract.js';
import { moveRule, putRule, removeRule, restoreRule, toggleRule } from '../../../renderer/state/rule-list.js';

const rule = (name: string): OutboundRule => ({ name, enabled: true, match: { url: `http://${name}.test` }, action: { kind: 'pass' } });
const names = (rules: readonly OutboundRule[]) => rules.map((each) => each.name);
const rules = [rule('a'), rule('b'), rule('c')];

describe('edits of the rules list', () => {
  it('moves a rule up or down by name, and not past either end', () => {
    expect(names(moveRule(rules, 'c', -1))).toEqual(['a', 'c', 'b']);
    expect(names(moveRule(rules, 'a', 1))).toEqual(['b', 'a', 'c']);
    expect(moveRule(rules, 'a', -1)).toBe(rules);
    expect(moveRule(rules, 'c', 1)).toBe(rules);
    expect(moveRule(rules, 'gone', 1)).toBe(rules);
  });

  it('switches, removes and replaces a rule by name; a rule saved under a name no longer there is appended', () => {
    expect(toggleRule(rules, 'b', false).map((each) => each.enabled)).toEqual([true, false, true]);
    expect(names(removeRule(rules, 'b'))).toEqual(['a', 'c']);
    expect(names(putRule(rules, rule('b2'), 'b'))).toEqual(['a', 'b2', 'c']);
    expect(names(putRule(rules, rule('d'), undefined))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(putRule(rules, rule('d'), 'deleted meanwhile'))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('restores a deleted rule where it stood, last when the list has shrunk, and not over a rule of its name made meanwhile', () => {
    const withoutB = removeRule(rules, 'b');
    expect(names(restoreRule(withoutB, rule('b'), 1))).toEqual(['a', 'b', 'c']);
    expect(names(restoreRule(removeRule(withoutB, 'c'), rule('b'), 1))).toEqual(['a', 'b']);
    expect(names(restoreRule([rule('a')], rule('b'), 5))).toEqual(['a', 'b']);
    expect(restoreRule(rules, rule('b'), 0)).toBe(rules);
  });
});
