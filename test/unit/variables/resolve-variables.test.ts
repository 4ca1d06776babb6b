import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VariableDeclaration } from '../../../runtime/manifest/index.js';
import { maskSecret, resolveVariables, VariableError } from '../../../runtime/variables/index.js';
import { thrown } from '../../support/thrown.js';

function declare(...variables: VariableDeclaration[]): Map<string, VariableDeclaration> {
  return new Map(variables.map((variable) => [variable.name, variable]));
}


const apiHost: VariableDeclaration = { name: 'api_host', required: false, default: 'default.example', secret: false };
const token: VariableDeclaration = { name: 'api_token', required: true, secret: true };

describe('spec §14.61: resolveVariables consults providers in Spin\'s order', () => {
  it('uses the manifest default when no provider has a value', () => {
    const variables = resolveVariables(declare(apiHost));
    expect(variables.get('api_host')).toBe('default.example');
    expect(variables.describe('api_host')).toEqual({ name: 'api_host', display: 'default.example', source: 'default', secret: false });
  });

  it('prefers SPIN_VARIABLE_<NAME> (upper-cased) over the default', () => {
    const variables = resolveVariables(declare(apiHost), { env: { SPIN_VARIABLE_API_HOST: 'env.example', api_host: 'ignored' } });
    expect(variables.get('api_host')).toBe('env.example');
    expect(variables.describe('api_host')?.source).toBe('env');
  });

  it('prefers --variable over SPIN_VARIABLE_<NAME>, as spin up inserts the CLI provider ahead of the others', () => {
    const variables = resolveVariables(declare(apiHost), {
      env: { SPIN_VARIABLE_API_HOST: 'env.example' },
      cliVariables: { api_host: 'cli.example' },
    });
    expect(variables.get('api_host')).toBe('cli.example');
    expect(variables.describe('api_host')?.source).toBe('cli');
  });

  it('takes an empty value from a provider as set', () => {
    expect(resolveVariables(declare(apiHost), { env: { SPIN_VARIABLE_API_HOST: '' } }).get('api_host')).toBe('');
  });

  it('reads --variable only by its exact declared name', () => {
    expect(resolveVariables(declare(apiHost), { cliVariables: { API_HOST: 'x', constructor: 'y' } }).get('api_host')).toBe('default.example');
  });

  it('answers has/get/names for declared variables only', () => {
    const variables = resolveVariables(declare(apiHost, token), { cliVariables: { api_token: 't' } });
    expect(variables.names()).toEqual(['api_host', 'api_token']);
    expect(variables.has('api_token')).toBe(true);
    expect(variables.has('other')).toBe(false);
    expect(variables.get('other')).toBeUndefined();
    expect(variables.describe('other')).toBeUndefined();
  });
});

describe('a required variable without a value', () => {
  it('is a VariableError that names it and says how to set it', () => {
    const error = thrown(VariableError, () => resolveVariables(declare(apiHost, token)));
    expect(error).toBeInstanceOf(VariableError);
    expect(error).toMatchObject({
      variable: 'api_token',
      message: 'required variable "api_token" has no value; set SPIN_VARIABLE_API_TOKEN or pass --variable api_token=...',
    });
  });

  it('lists every missing variable at once', () => {
    const other: VariableDeclaration = { name: 'db_url', required: true, secret: false };
    const error = thrown(VariableError, () => resolveVariables(declare(token, other)));
    expect(error).toBeInstanceOf(VariableError);
    expect(error).toMatchObject({
      variable: 'api_token',
      message:
        '2 required variables have no value:\n' +
        '  api_token: set SPIN_VARIABLE_API_TOKEN or pass --variable api_token=...\n' +
        '  db_url: set SPIN_VARIABLE_DB_URL or pass --variable db_url=...',
    });
  });
});

describe('secrets are never printed in full', () => {
  const secretValue = 'sk-live-0123456789abcdef';
  const variables = resolveVariables(declare(apiHost, token), { env: { SPIN_VARIABLE_API_TOKEN: secretValue } });

  it('gives the real value to get() but a masked one to describe()', () => {
    expect(variables.get('api_token')).toBe(secretValue);
    expect(variables.describe('api_token')).toEqual({ name: 'api_token', display: 'sk****', source: 'env', secret: true });
  });

  it('masks secrets in JSON.stringify and util.inspect', () => {
    expect(JSON.stringify(variables)).toBe('{"api_host":"default.example","api_token":"sk****"}');
    expect(inspect(variables)).not.toContain(secretValue);
    expect(inspect(variables)).toContain('sk****');
  });

  it('shows nothing of a short secret', () => {
    expect(maskSecret('hunter2')).toBe('****');
    expect(maskSecret('')).toBe('****');
  });

  it('never shows a secret value, or more than two of its characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((value) => !value.includes('*')), (value) => {
        const masked = maskSecret(value);
        expect(masked.endsWith('****')).toBe(true);
        expect([...masked.slice(0, -4)].length).toBeLessThanOrEqual(2);
        if ([...value].length > 2) expect(masked.includes(value)).toBe(false);
      }),
    );
  });
});
