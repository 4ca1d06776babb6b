import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../../runtime/traffic/filter/filter-quantities.js';
import { parseFilter, termParts } from '../../../runtime/traffic/filter/parse-filter.js';
import { tokenizeFilter, unquote } from '../../../runtime/traffic/filter/tokenize-filter.js';

const problemsOf = (query: string) => parseFilter(query).problems.map(({ severity, message }) => `${severity}: ${message}`);

describe('filter tokens', () => {
  it('splits at whitespace, keeping quoted spaces in their token, with offsets', () => {
    expect(tokenizeFilter('  status:404   body:"not found" -x ')).toEqual([
      { raw: 'status:404', start: 2, end: 12 },
      { raw: 'body:"not found"', start: 15, end: 31 },
      { raw: '-x', start: 32, end: 34 },
    ]);
  });

  it('runs an unclosed quote to the end, and unescapes quotes inside quotes', () => {
    expect(tokenizeFilter('body:"a b').map((token) => token.raw)).toEqual(['body:"a b']);
    expect(unquote('"say \\"hi\\""')).toBe('say "hi"');
    expect(unquote('C:\\dir')).toBe('C:\\dir');
  });

  it('reads negation, key and operator', () => {
    expect(termParts('-status:404')).toEqual({ negated: true, bodyStart: 1, key: 'status', operator: ':', valueStart: 8 });
    expect(termParts('duration>=1s')).toEqual({ negated: false, bodyStart: 0, key: 'duration', operator: '>=', valueStart: 10 });
    expect(termParts('hello')).toEqual({ negated: false, bodyStart: 0, valueStart: 5 });
    expect(termParts('-')).toEqual({ negated: false, bodyStart: 0, valueStart: 1 });
  });
});

describe('parsing a filter', () => {
  it('makes a term of each key, flag, regular expression and word, negated ones marked', () => {
    const filter = parseFilter('status:4xx -has-error /a+b/ word -"two words"');
    expect(filter.terms.map(({ source, negated }) => [source, negated])).toEqual([
      ['status:4xx', false],
      ['-has-error', true],
      ['/a+b/', false],
      ['word', false],
      ['-"two words"', true],
    ]);
    expect(filter.problems).toEqual([]);
  });

  it('marks the terms that search headers and bodies, to be tried last', () => {
    expect(parseFilter('body:x header:a kind:kv word /re/').terms.map((term) => term.searchesText)).toEqual([true, true, false, true, true]);
  });

  it('skips a key whose value is still being typed, and a lone -', () => {
    expect(parseFilter('status: - kind:').terms).toEqual([]);
    expect(parseFilter('status: - kind:').problems).toEqual([]);
  });

  it('reports an invalid regular expression where it is, instead of throwing', () => {
    expect(parseFilter('ok /a(/').problems).toEqual([{ severity: 'error', start: 3, end: 7, message: 'invalid regular expression /a(/: Unterminated group' }]);
    expect(parseFilter('ok /a(/').terms).toHaveLength(1);
  });

  it('names the key an unknown one is a near miss of, and searches it as text', () => {
    expect(problemsOf('stauts:404')).toEqual(['warning: unknown key `stauts`; did you mean `status`? Searched as text.']);
    expect(problemsOf('mehtod:GET hots:x has-eror')).toEqual([
      'warning: unknown key `mehtod`; did you mean `method`? Searched as text.',
      'warning: unknown key `hots`; did you mean `host`? Searched as text.',
      'warning: unknown key `has-eror`; did you mean `has-error`? Searched as text.',
    ]);
    expect(parseFilter('stauts:404').terms.map((term) => term.source)).toEqual(['stauts:404']);
  });

  it('keeps quiet about text that only looks like a key: a port, a scheme, a word near no key', () => {
    expect(problemsOf('localhost:3000 https://x.test foo:bar status')).toEqual([]);
    expect(parseFilter('localhost:3000 https://x.test foo:bar status').terms).toHaveLength(4);
  });

  it('explains a bad value or operator, and leaves the term out', () => {
    expect(problemsOf('status:abc')).toEqual(['error: `abc` is no status; write a code (404), a class (4xx), failed or pending']);
    expect(problemsOf('status:404,6xx')).toEqual(['error: `6xx` is no status; write a code (404), a class (4xx), failed or pending']);
    expect(problemsOf('kind:denied')).toEqual(['error: `denied` is a decision, not a kind: use `decision:denied`']);
    expect(problemsOf('status:denied')).toEqual(['error: `denied` is a decision: use `decision:denied`']);
    expect(problemsOf('kind:http')).toEqual(['error: unknown kind `http`; kinds are inbound, outbound, chain, kv, sqlite, api, reload, build']);
    expect(problemsOf('decision:maybe')).toEqual(['error: unknown decision `maybe`; it is `allowed` or `denied`']);
    expect(problemsOf('larger-than:big')).toEqual(['error: `big` is no size; write bytes or 1k, 2M']);
    expect(problemsOf('duration>soon')).toEqual(['error: `soon` is no duration; write 200, 200ms or 1.5s']);
    expect(problemsOf('duration:100')).toEqual(['error: write `duration>` or `duration<` or `duration>=` or `duration<=`']);
    expect(problemsOf('status>400')).toEqual(['error: write `status:`']);
    expect(problemsOf('has-error:yes')).toEqual(['error: `has-error` takes no value']);
    expect(problemsOf('header:=x')).toEqual(['error: name the header: `header:content-type=json`']);
    expect(parseFilter('status:abc kind:http larger-than:big').terms).toEqual([]);
  });

  it('reads keys whatever their case, and DevTools’ names for them', () => {
    expect(parseFilter('STATUS:404 Status-Code:500 domain:x Has-Error').terms).toHaveLength(4);
    expect(parseFilter('STATUS:404 Status-Code:500 domain:x Has-Error').problems).toEqual([]);
  });
});

describe('sizes and durations', () => {
  it.each([
    ['512', 512],
    ['1k', 1024],
    ['1.5K', 1536],
    ['2M', 2 * 1024 ** 2],
    ['10KiB', 10 * 1024],
    ['1 kb', 1024],
    ['1gb', 1024 ** 3],
  ])('reads the size %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each([
    ['250', 250],
    ['250ms', 250],
    ['1s', 1000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['2m', 120_000],
  ])('reads the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'k', '1x', '-1', '1e3', '1.2.3'])('reads no quantity in %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
    expect(parseDuration(text)).toBeUndefined();
  });
});
