import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from '../../runtime/http/index.js';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
import { loadTestEngine, type TestEngine } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

function get(pathWithQuery: string): Request<Uint8Array> {
  return { method: 'GET', pathWithQuery, headers: [['host', 'example.test']], body: new Uint8Array() };
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('a guest built with the Spin JS SDK toolchain (j2w)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    const wasm = await buildSpinJsComponent('variables');
    engine = await loadTestEngine(wasm, { variables: new Map([['api_host', 'api.example.test'], ['greeting', 'hello, spin']]) });
  }, BUILD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  it('loads although it mixes wasi:http 0.2.3 with wasi 0.2.12 and imports fermyon:spin/variables', () => {
    expect(engine.imports).toContain('wasi:http/types@0.2.3');
    expect(engine.imports).toContain('wasi:io/streams@0.2.12');
    expect(engine.imports).toContain('fermyon:spin/variables@2.0.0');
  });

  it('answers a request with a variable of its component', async () => {
    const response = await engine.handle(get('/?name=greeting'));
    expect(response.status).toBe(200);
    expect(text(response.body)).toBe('value: hello, spin');
    expect(text((await engine.handle(get('/?name=api_host'))).body)).toBe('value: api.example.test');
  });

  it('gets the undefined error for a valid name the component does not define', async () => {
    expect(text((await engine.handle(get('/?name=missing'))).body)).toBe('undefined: no variable for "missing"');
  });

  it('gets the invalid-name error for names Spin rejects, before any lookup', async () => {
    const invalid = async (name: string): Promise<string> => text((await engine.handle(get(`/?name=${encodeURIComponent(name)}`))).body);
    expect(await invalid('Greeting')).toMatch(/^invalid-name: invalid variable name "Greeting": invalid character "G"/);
    expect(await invalid('api-host')).toMatch(/^invalid-name: .*invalid character "-"/);
    expect(await invalid('invalid!name')).toMatch(/^invalid-name: .*invalid character "!"/);
    expect(await invalid('1st')).toMatch(/^invalid-name: .*must start with a lowercase ASCII letter$/);
    expect(await invalid('api__host')).toMatch(/^invalid-name: .*consecutive underscores$/);
    expect(await invalid('')).toMatch(/^invalid-name: .*must not be empty$/);
  });
});

describe('a component loaded without variables', () => {
  it('gets the undefined error for every valid name', async () => {
    const engine = await loadTestEngine(await buildSpinJsComponent('variables'));
    try {
      expect(text((await engine.handle(get('/?name=greeting'))).body)).toBe('undefined: no variable for "greeting"');
    } finally {
      await engine.close();
    }
  }, BUILD_TIMEOUT_MS);
});
