import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../renderer/api/api-call-error.js';
import { refusalOf } from '../../../renderer/state/rule-refusal.js';

const refused = (message: string, fields: Record<string, unknown> = {}) => ({ code: 'SPINSCOPE_RULES', name: 'RulesError', message, ...fields });

describe('the runtime refusing a rule from the form', () => {
  it('takes the field the error names, in the API’s spelling or as a path', () => {
    expect(refusalOf(refused('bad', { field: 'match.url' }), 'r')).toEqual({ field: 'url', message: 'bad' });
    expect(refusalOf(refused('bad', { field: 'bytesPerSecond' }), 'r')).toEqual({ field: 'bytesPerSecond', message: 'bad' });
  });

  it('else finds the rules-file key the message names, not counting words of the rule’s name', () => {
    expect(refusalOf(new ApiCallError(refused('rule "status check": url "http://[x" is not a valid pattern')), 'status check')).toMatchObject({ field: 'url' });
    expect(refusalOf(refused('rules.toml:4: rule "x": status 1000 is out of range 100-999'), 'x')).toMatchObject({ field: 'status' });
    expect(refusalOf(refused('rule "x": body_file "a.json" does not exist'), 'x')).toMatchObject({ field: 'bodyFile' });
    expect(refusalOf(refused('two rules are named "x"; names must be unique'), 'x')).toMatchObject({ field: 'name' });
  });

  it('keeps just the message when it names no field', () => {
    expect(refusalOf(new Error('the connection dropped'), 'x')).toEqual({ message: 'the connection dropped' });
  });
});
