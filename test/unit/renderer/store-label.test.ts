import { describe, expect, it } from 'vitest';
import { storeLabelProblem } from '../../../renderer/format/store-label.js';

describe('store labels', () => {
  it('accepts kebab-case and snake_case labels, in either letter case per word', () => {
    for (const label of ['default', 'user-data', 'user_data', 'cache2', 'MY-CACHE', 'my-CACHE']) expect(storeLabelProblem(label)).toBeUndefined();
  });

  it("refuses what Spin's manifest refuses, saying why in Spin's words", () => {
    expect(storeLabelProblem('user-data_2')).toBe(`"user-data_2": expected kebab-case or snake_case (words must be separated with '_', not '-')`);
    expect(storeLabelProblem('my cache')).toBe(`"my cache": expected kebab-case or snake_case ('-'-separated words may only contain alphanumeric ASCII; got ' ')`);
    expect(storeLabelProblem('2cache')).toMatch(/must start with an ASCII letter; got '2'/);
    expect(storeLabelProblem('userData')).toMatch(/all lowercase or all UPPERCASE; got "userData"/);
    expect(storeLabelProblem('')).toBe('"": expected kebab-case or snake_case (empty)');
    expect(storeLabelProblem('cache-')).toMatch(/words must not be empty/);
  });
});
