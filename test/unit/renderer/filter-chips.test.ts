import { describe, expect, it } from 'vitest';
import { isChipOn, toggleChip } from '../../../renderer/filter/filter-chips.js';

const DENIED = { key: 'decision', value: 'denied' };
const INBOUND = { key: 'kind', value: 'inbound' };
const OUTBOUND = { key: 'kind', value: 'outbound' };
const ERRORS = { key: 'has-error' };

describe('filter chips', () => {
  it('appends its term when off, and removes it when on', () => {
    expect(toggleChip('', DENIED)).toBe('decision:denied');
    expect(toggleChip('greeting ', DENIED)).toBe('greeting decision:denied');
    expect(toggleChip('greeting decision:denied', DENIED)).toBe('greeting');
    expect(toggleChip('decision:denied greeting', DENIED)).toBe('greeting');
    expect(toggleChip('a has-error b', ERRORS)).toBe('a b');
    expect(toggleChip('a', ERRORS)).toBe('a has-error');
  });

  it('joins a value to its key’s list, and takes it out again', () => {
    expect(toggleChip('kind:inbound', OUTBOUND)).toBe('kind:inbound,outbound');
    expect(toggleChip('kind:inbound,outbound x', INBOUND)).toBe('kind:outbound x');
    expect(toggleChip('KIND:Inbound', INBOUND)).toBe('');
  });

  it('is pressed when a positive term of its key lists its value, not when negated or only typed as text', () => {
    expect(isChipOn('kind:outbound,inbound', INBOUND)).toBe(true);
    expect(isChipOn('-kind:inbound', INBOUND)).toBe(false);
    expect(isChipOn('inbound', INBOUND)).toBe(false);
    expect(isChipOn('decision:denied', DENIED)).toBe(true);
    expect(isChipOn('-has-error', ERRORS)).toBe(false);
    expect(isChipOn('HAS-ERROR', ERRORS)).toBe(true);
  });

  it('leaves a negated term of the same key alone when toggled on', () => {
    expect(toggleChip('-kind:inbound', OUTBOUND)).toBe('-kind:inbound kind:outbound');
  });
});
