import { describe, expect, it } from 'vitest';
import { GlobPattern, looksLikeGlob, PatternError } from '../../../runtime/app/glob-pattern.js';

// Cases from the Rust `glob` crate's own tests (src/lib.rs, v0.3.3), with the default options.
function positionOf(pattern: string): number | undefined {
  try {
    GlobPattern.compile(pattern);
    return undefined;
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return error.pos;
  }
}

describe('GlobPattern as the Rust glob crate compiles it', () => {
  it.each([
    ['a/**b', 4],
    ['a/bc**', 3],
    ['a/*****', 4],
    ['a/b**c**d', 2],
    ['a**b', 0],
    ['abc[def', 3],
    ['abc[!def', 3],
    ['abc[', 3],
    ['abc[!', 3],
    ['abc[d', 3],
    ['abc[!d', 3],
    ['abc[]', 3],
    ['abc[!]', 3],
  ])('refuses %j at position %i', (pattern, pos) => {
    expect(positionOf(pattern)).toBe(pos);
  });

  it('words its errors as the crate displays them', () => {
    expect(() => GlobPattern.compile('a**b')).toThrow('Pattern syntax error near position 0: recursive wildcards must form a single path component');
    expect(() => GlobPattern.compile('***')).toThrow('Pattern syntax error near position 2: wildcards are either regular `*` or recursive `**`');
    expect(() => GlobPattern.compile('[a')).toThrow('Pattern syntax error near position 0: invalid range pattern');
  });

  it.each(['**', 'a/**', '**/b', 'a/**/b', '[]]', '[!]]', ']', '[!a]x'])('accepts %j', (pattern) => {
    expect(positionOf(pattern)).toBeUndefined();
  });
});

describe('GlobPattern.matches with default MatchOptions', () => {
  it.each([
    ['a*b', 'a_b', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'abcd', false],
    ['a*b*c', 'a___b___c', true],
    ['abc*abc*abc', 'abcabcabcabcabcabcabc', true],
    ['abc*abc*abc', 'abcabcabcabcabcabcabca', false],
    ['a*a*a*a*a*a*a*a*a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', true],
    ['a*b[xyz]c*d', 'abxcdbxcddd', true],
    ['some/**/needle.txt', 'some/needle.txt', true],
    ['some/**/needle.txt', 'some/one/two/needle.txt', true],
    ['some/**/needle.txt', 'some/other/notthis.txt', false],
    ['some/**/**/needle.txt', 'some/one/needle.txt', true],
    ['**', '', true],
    ['**', '/x/.asdf', true],
    ['**/test', 'test', true],
    ['**/test', 'one/two/test', true],
    ['/**/test', '/test', true],
    ['/**/test', '/notthis', false],
    ['**/.*', 'abc/.abc', true],
    ['**/.*', 'abc/ab.c', false],
    ['a[0-9]b', 'a5b', true],
    ['a[0-9]b', 'a_b', false],
    ['a[!0-9]b', 'a_b', true],
    ['[abc-]', '-', true],
    ['[a-c-]', 'd', false],
    ['[2-1]', '1', false],
    ['[-]', '-', true],
    ['[!-]', '-', false],
    ['*hello.txt', 'some/path/to/hello.txt', true],
    ['*some/path/to/hello.txt', 'some/other/path/to/hello.txt', false],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(GlobPattern.compile(pattern).matches(text)).toBe(expected);
  });

  it('lets `*`, `?` and `[...]` match a separator, as Spin relies on for exclude_files', () => {
    expect(GlobPattern.compile('secrets/*').matches('secrets/deep/key.pem')).toBe(true);
    expect(GlobPattern.compile('abc?def').matches('abc/def')).toBe(true);
    expect(GlobPattern.compile('abc[/]def').matches('abc/def')).toBe(true);
    expect(GlobPattern.compile('*.txt').matches('.hello.txt')).toBe(true);
    expect(GlobPattern.compile('static/**').matches('static/a/b')).toBe(true);
  });

  it('is case-sensitive', () => {
    expect(GlobPattern.compile('aBc').matches('abc')).toBe(false);
    expect(GlobPattern.compile('[a]').matches('A')).toBe(false);
  });

  it('takes a string for a glob when escaping would change it', () => {
    expect(looksLikeGlob('static/*.txt')).toBe(true);
    expect(looksLikeGlob('a]b')).toBe(true);
    expect(looksLikeGlob('static/!.txt')).toBe(false);
  });
});
