import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../runtime/bridge-client/api-call-error.js';
import { refusalOf } from '../../../renderer/state/rule-refusal.js';

const refused = (message: string, fields: Record<string, unknown> = {}) => ({ code: 'SPINSCOPE_RULES', name: 'RulesError', message, ...fields });

describe('the runtime refusing a rule from the form', () => {
  it('takes the field the error names, in the API’s spelling or as a path', () => {
    expect(refusalOf(refused('bad', { field: 'match.url' }))).toEqual({ field: 'url', message: 'bad' });
    expect(refusalOf(refused('bad', { field: 'bytesPerSecond' }))).toEqual({ field: 'bytesPerSecond', message: 'bad' });
  });

  it('else finds the rules-file key the message names, not counting words of the quoted rule name', () => {
    expect(refusalOf(new ApiCallError(refused('rule "status check": url "http://[x" is not a valid pattern')))).toMatchObject({ field: 'url' });
    expect(refusalOf(refused('rules.toml:4: rule "x": status 1000 is out of range 100-999'))).toMatchObject({ field: 'status' });
    expect(refusalOf(refused('rule "x": body_file "a.json" does not exist'))).toMatchObject({ field: 'bodyFile' });
    expect(refusalOf(refused('two rules are named "x"; names must be unique'))).toMatchObject({ field: 'name' });
  });

  it('keeps just the message when it names no field', () => {
    expect(refusalOf(new Error('the connection dropped'))).toEqual({ message: 'the connection dropped' });
  });
});

describe('the runtime’s own words', () => {
  it('finds the field past the file’s path and the quoted name and pattern', () => {
    const file = '/home/status/url/.spinscope/rules.toml';
    const of = (message: string, name: string) => refusalOf(new ApiCallError(refused(`${file}:3: rule "${name}": ${message}`, { file, line: 3 })));
    expect(of('the url pattern "http://status.test:x" has port "x"; write a number or *', 'status page')).toMatchObject({ field: 'url' });
    expect(of('another rule has this name; names must be unique in the file', 'url check')).toMatchObject({ field: 'name' });
    expect(of('status 700 is not an HTTP status; write 100 to 599', 'a')).toMatchObject({ field: 'status' });
    expect(of('a stub has body or body_file, not both', 'a')).toMatchObject({ field: 'bodyFile' });
    expect(of('"GET POST" is not an HTTP method; write e.g. "GET", or leave method out for every method', 'a')).toMatchObject({ field: 'method' });
    expect(of('bytes_per_second must be a whole number above 0', 'a')).toMatchObject({ field: 'bytesPerSecond' });
  });

  it('takes a field the error names in the rules file’s spelling', () => {
    expect(refusalOf(new ApiCallError(refused('bad', { field: 'body_file' })))).toMatchObject({ field: 'bodyFile' });
  });
});
