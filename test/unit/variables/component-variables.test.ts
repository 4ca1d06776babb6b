import { describe, expect, it } from 'vitest';
import { resolveComponentVariables, VariableError } from '../../../runtime/variables/index.js';
import { thrown } from '../../support/thrown.js';

const app = new Map([
  ['api_host', 'api.example.com'],
  ['api_key', 's3cret'],
]);


function component(variables: Record<string, string>) {
  return { id: 'weather', variables: new Map(Object.entries(variables)) };
}

describe('spec §15.65: resolveComponentVariables renders component variable templates', () => {
  it('substitutes application variables, with or without spaces in the braces', () => {
    const rendered = resolveComponentVariables(component({ url: 'https://{{ api_host }}/v1?key={{api_key}}', plain: 'literal }}' }), app);
    expect(Object.fromEntries(rendered)).toEqual({ url: 'https://api.example.com/v1?key=s3cret', plain: 'literal }}' });
  });

  it('rejects a reference to an undeclared application variable, naming component and variable', () => {
    const error = thrown(VariableError, () => resolveComponentVariables(component({ url: 'https://{{ api_hots }}' }), app));
    expect(error).toBeInstanceOf(VariableError);
    expect(error).toMatchObject({
      component: 'weather',
      variable: 'url',
      message: 'component "weather": variable "url": invalid variable template: unknown variable "api_hots"; declare it under [variables] in spin.toml',
    });
  });

  it("spec §14.58: rejects an unmatched '{{' with Spin's message", () => {
    const caught = thrown(VariableError, () => resolveComponentVariables(component({ url: 'https://{{ api_host' }), app));
    expect(caught).toBeInstanceOf(VariableError);
    expect(caught).toMatchObject({
      message: `component "weather": variable "url": invalid variable template: unmatched '{{' in template`,
      component: 'weather',
      variable: 'url',
      template: 'https://{{ api_host',
    });
  });
});
