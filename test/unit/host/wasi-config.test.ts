import { describe, expect, it } from 'vitest';
import { wasiConfig } from '../../../runtime/host/wasi-config.js';

describe("wasi:config/store: the component's own variables, as Spin serves them", () => {
  const store = wasiConfig(
    new Map([
      ['api_host', 'example.test'],
      ['greeting', 'hello'],
    ]),
  )['wasi:config/store']!;

  it('get returns a variable of the component', () => expect(store.get('api_host')).toEqual({ tag: 'ok', val: 'example.test' }));

  it('get answers none for a valid name the component does not have', () => expect(store.get('other')).toEqual({ tag: 'ok', val: undefined }));

  it.each(['', 'API_HOST', 'api-host', '1api', 'api_', 'api__host'])('get answers none, not an error, for the invalid name %j', (name) =>
    expect(store.get(name)).toEqual({ tag: 'ok', val: undefined }),
  );

  it('get-all returns every variable of the component', () =>
    expect(store.getAll()).toEqual({
      tag: 'ok',
      val: [
        ['api_host', 'example.test'],
        ['greeting', 'hello'],
      ],
    }));

  it('get-all of a component without variables is empty', () => expect(wasiConfig(new Map())['wasi:config/store']!.getAll()).toEqual({ tag: 'ok', val: [] }));
});
