import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../runtime/errors/spinscope-error.js';
import { parseVariableFlag, parseVariableFlags } from '../../../runtime/variables/index.js';

describe('--variable key=value', () => {
  it('splits at the first =, so values may contain more', () => {
    expect(parseVariableFlag('db_url=postgres://u:p@h/db?x=1')).toEqual({ name: 'db_url', value: 'postgres://u:p@h/db?x=1' });
    expect(parseVariableFlag('empty=')).toEqual({ name: 'empty', value: '' });
  });

  it.each([
    ['api_host', `--variable "api_host": variables must be in the form 'key=value'`],
    ['=value', `--variable "=value": the variable name before '=' is empty`],
    ['token=@secret.txt', `--variable "token=@secret.txt": Spinscope does not read variable files ('@file'); pass the value itself as key=value`],
    ['@vars.json', `--variable "@vars.json": Spinscope does not read variable files ('@file'); pass the value itself as key=value`],
  ])('rejects %j with a UsageError', (flag, message) => {
    expect(() => parseVariableFlag(flag)).toThrow(new UsageError(message));
  });

  it('lets a later flag for the same name win, as in Spin', () => {
    expect(parseVariableFlags(['a=1', 'b=2', 'a=3'])).toEqual({ a: '3', b: '2' });
  });
});
