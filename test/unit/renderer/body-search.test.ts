import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMatches, MAX_MATCHES, textPieces } from '../../../renderer/format/body-search.js';

describe('findMatches', () => {
  it('finds every occurrence, ignoring case, without overlaps', () => {
    expect(findMatches('Hello hello HELLO', 'hello')).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 11 },
      { start: 12, end: 17 },
    ]);
    expect(findMatches('aaaa', 'aa')).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(findMatches('anything', '')).toEqual([]);
  });

  it('stops marking at the limit', () => {
    expect(findMatches('x'.repeat(MAX_MATCHES + 5), 'x')).toHaveLength(MAX_MATCHES);
  });

  it('matches on the text as it is where lower-casing would change its length', () => {
    expect(findMatches('İstanbul istanbul', 'istanbul')).toEqual([{ start: 9, end: 17 }]);
  });
});

describe('textPieces', () => {
  it('cuts the text at its matches, numbering them, and joins back to the text', () => {
    expect(textPieces('a JSON body', findMatches('a JSON body', 'o'))).toEqual([{ text: 'a JS' }, { text: 'O', match: 0 }, { text: 'N b' }, { text: 'o', match: 1 }, { text: 'dy' }]);
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1, maxLength: 3 }), (text, query) => {
        expect(textPieces(text, findMatches(text, query)).map((piece) => piece.text).join('')).toBe(text);
      }),
    );
  });
});
