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
    ['wasi:config/store@0.2.0-draft-2024-09-27'],
    ['fermyon:spin/redis@2.0.0'],
    ['fermyon:spin/mqtt@2.0.0'],
    ['fermyon:spin/postgres@2.0.0'],
    ['fermyon:spin/mysql@2.0.0'],
    ['fermyon:spin/rdbms-types@2.0.0'],
    ['fermyon:spin/llm@2.0.0'],
    ['spin:postgres/postgres@3.0.0'],
    ['spin:postgres/postgres@4.0.0'],
    ['spin:postgres/postgres@4.1.0'],
    ['spin:postgres/postgres@4.2.0'],
  ])('accepts %s', (name) => expect(() => checkImports([name])).not.toThrow());

  it.each([
    ['wasi:http/types@0.3.0-rc-2025-09-16', 'a WASIp3 version'],
    ['wasi:http/types', 'no version at all'],
    ['fermyon:spin/variables@2.0.1', 'a Spin version other than 2.0.0'],
    ['wasi:sockets/tcp@0.2.3', 'an interface with no host module'],
    ['wasi:keyvalue/store@0.2.0', 'a wasi:keyvalue version other than 0.2.0-draft2'],
    ['spin:sqlite/sqlite@3.2.0', 'a spin:sqlite version Spin does not have'],
    ['spin:postgres/postgres@4.3.0', 'a spin:postgres version Spin does not have'],
    ['wasi:config/store@0.2.0', 'a wasi:config version other than 0.2.0-draft-2024-09-27'],
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

describe("checkImports: Spin 4's WASIp3 `async func`s", () => {
  it.each([
    ['spin:key-value/key-value@3.0.0', 'fermyon:spin/key-value@2.0.0 or wasi:keyvalue/store@0.2.0-draft2'],
    ['spin:mqtt/mqtt@3.0.0', 'fermyon:spin/mqtt@2.0.0'],
    ['spin:mysql/mysql@3.0.0', 'fermyon:spin/mysql@2.0.0'],
    ['spin:redis/redis@3.0.0', 'fermyon:spin/redis@2.0.0'],
    ['spin:variables/variables@3.0.0', 'fermyon:spin/variables@2.0.0 or wasi:config/store@0.2.0-draft-2024-09-27'],
  ])('refuses %s, whose functions are all async, naming it and what to import instead', (name, instead) => {
    const refusal = thrownBy(() => checkImports([name]));
    expect(refusal).toBeInstanceOf(UnsupportedImportError);
    expect(refusal).toMatchObject({ interfaceName: name, functionName: undefined });
    expect(refusal.message).toBe(
      `the component imports ${name}, which Spinscope does not implement: its functions are async, and a WASIp3 \`async func\` needs JSPI ` +
        `and a WASIp3 handler, and Spinscope runs WASIp2 handlers. Import ${instead} instead.`,
    );
  });

  it.each([
    ['spin:sqlite/sqlite@3.1.0', '[static]connection.open-async', '[static]connection.open'],
    ['spin:postgres/postgres@4.2.0', '[method]connection.query-async', '[method]connection.query'],
    ['spin:postgres/postgres@4.2.0', '[method]connection-builder.build-async', '[method]connection-builder.build'],
  ])("refuses a component lowering %s's async %s, naming the function and its synchronous twin", (iface, fn, twin) => {
    const refusal = thrownBy(() => checkImports([iface], [{ interface: iface, function: fn }]));
    expect(refusal).toBeInstanceOf(UnsupportedImportError);
    expect(refusal).toMatchObject({ interfaceName: iface, functionName: fn });
    expect(refusal.message).toBe(
      `the component imports ${iface}'s \`${fn}\`, which Spinscope does not implement: it is async, and a WASIp3 \`async func\` needs JSPI ` +
        `and a WASIp3 handler, and Spinscope runs WASIp2 handlers. Call \`${twin}\` instead.`,
    );
  });

  it('accepts the synchronous functions of the same interfaces', () =>
    expect(() => checkImports(['spin:sqlite/sqlite@3.1.0', 'spin:postgres/postgres@4.2.0'], [])).not.toThrow());
});

function thrownBy(action: () => void): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

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
