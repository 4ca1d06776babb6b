import { describe, expect, it } from 'vitest';
import { checkImports } from '../../../runtime/host/guest-host.js';
import { spinVariables, variableNameProblem } from '../../../runtime/host/spin-variables.js';
import { UnsupportedImportError } from '../../../runtime/host/unsupported-import-error.js';

describe('checkImports: which interfaces and versions a component may import', () => {
  it.each([
    ['wasi:http/types@0.2.3'],
    ['wasi:io/streams@0.2.12'],
    ['wasi:http/outgoing-handler@0.2.0'],
    ['fermyon:spin/variables@2.0.0'],
    ['fermyon:spin/key-value@2.0.0'],
    ['fermyon:spin/sqlite@2.0.0'],
    ['spin:sqlite/sqlite@3.0.0'],
    ['spin:sqlite/sqlite@3.1.0'],
    ['wasi:keyvalue/store@0.2.0-draft2'],
    ['wasi:keyvalue/atomics@0.2.0-draft2'],
    ['wasi:keyvalue/batch@0.2.0-draft2'],
  ])('accepts %s', (name) => expect(() => checkImports([name])).not.toThrow());

  it.each([
    ['wasi:http/types@0.3.0-rc-2025-09-16', 'a WASIp3 version'],
    ['wasi:http/types', 'no version at all'],
    ['fermyon:spin/variables@2.0.1', 'a Spin version other than 2.0.0'],
    ['spin:variables/variables@3.0.0', "Spin's async variables interface"],
    ['wasi:sockets/tcp@0.2.3', 'an interface with no host module'],
    ['spin:key-value/key-value@3.0.0', "Spin's async key-value interface"],
    ['wasi:keyvalue/store@0.2.0', 'a wasi:keyvalue version other than 0.2.0-draft2'],
    ['spin:sqlite/sqlite@3.2.0', 'a spin:sqlite version Spin does not have'],
  ])('refuses %s (%s), naming it', (name) => {
    let thrown: unknown;
    try {
      checkImports(['wasi:io/poll@0.2.3', name]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsupportedImportError);
    expect((thrown as UnsupportedImportError).interfaceName).toBe(name);
    expect((thrown as Error).message).toContain(name);
  });
});

describe("fermyon:spin/variables get: Spin's name rules, then the component's own values", () => {
  const { get } = spinVariables(new Map([['api_host', 'example.test']]))['fermyon:spin/variables']!;

  it('returns a defined variable', () => expect(get('api_host')).toEqual({ tag: 'ok', val: 'example.test' }));

  it('answers undefined for a valid name the component does not have', () =>
    expect(get('other')).toEqual({ tag: 'err', val: { tag: 'undefined', val: 'no variable for "other"' } }));

  it.each([
    ['', 'must not be empty'],
    ['API_HOST', 'invalid character "A"'],
    ['api-host', 'invalid character "-"'],
    ['1api', 'must start with a lowercase ASCII letter'],
    ['api_', 'must end with a lowercase ASCII letter or digit'],
    ['api__host', 'must not contain multiple consecutive underscores'],
  ])('answers invalid-name for %j (%s)', (name, problem) => {
    expect(variableNameProblem(name)).toContain(problem);
    expect(get(name)).toMatchObject({ tag: 'err', val: { tag: 'invalid-name', val: expect.stringContaining(problem) } });
  });
});
