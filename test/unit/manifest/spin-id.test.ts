import { describe, expect, it } from 'vitest';
import { idProblem, suggestId } from '../../../runtime/manifest/spin-id.js';

describe("Spin's id rules (spin_serde::id)", () => {
  it.each(['a', 'hello', 'hello-world', 'a1-b2', 'MY-COMP', 'my-COMP', 'x9'])('spec §15.65: %s is a KebabId', (id) => {
    expect(idProblem(id, 'kebab')).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['back_end', "words must be separated with '-', not '_'"],
    ['1-2-3', "'-'-separated words must start with an ASCII letter; got '1'"],
    ['a--b', "'-'-separated words must not be empty"],
    ['a-', "'-'-separated words must not be empty"],
    ['hello world', "'-'-separated words may only contain alphanumeric ASCII; got ' '"],
    ['backEnd', '\'-\'-separated words must be all lowercase or all UPPERCASE; got "backEnd"'],
    ['héllo', "'-'-separated words may only contain alphanumeric ASCII; got 'é'"],
  ])('spec §15.65: KebabId %j is rejected with Spin\'s message', (id, message) => {
    expect(idProblem(id, 'kebab')).toBe(message);
  });

  it.each([
    ['api_host', undefined],
    ['a1_b2', undefined],
    ['api-host', "words must be separated with '_', not '-'"],
    ['API_HOST', 'Lower-case identifiers must be all lowercase; got "API_HOST"'],
    ['a_1', "'_'-separated words must start with an ASCII letter; got '1'"],
    ['bad+name', "'_'-separated words may only contain alphanumeric ASCII; got '+'"],
    ['x_', "'_'-separated words must not be empty"],
  ])('spec §14.59: LowerSnakeId %j gives %j', (id, message) => {
    expect(idProblem(id, 'lower-snake')).toBe(message);
  });

  it('suggests the nearest valid id for hints', () => {
    expect(suggestId('back_end', 'kebab')).toBe('back-end');
    expect(suggestId('backEnd', 'kebab')).toBe('back-end');
    expect(suggestId('apiHost', 'lower-snake')).toBe('api_host');
    expect(suggestId('api-host', 'lower-snake')).toBe('api_host');
    expect(suggestId('1-2-3', 'kebab')).toBeUndefined();
  });
});
