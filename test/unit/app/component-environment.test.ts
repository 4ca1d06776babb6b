import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { componentEnvironment } from '../../../runtime/app/component-environment.js';

// spec §20: a BTreeMap<String, String>, extended by `spin up --env`.
describe("a component's environment as Spin's BTreeMap holds it", () => {
  it('lets --env override the manifest and a repeated key keep its last value', () => {
    expect(componentEnvironment(new Map([['B', 'manifest'], ['A', 'a']]), [['B', 'cli'], ['C', '1'], ['C', '2']])).toEqual([
      ['A', 'a'],
      ['B', 'cli'],
      ['C', '2'],
    ]);
  });

  it('sorts keys by their UTF-8 bytes, as Rust orders strings', () => {
    expect(componentEnvironment(new Map([['\u{1F600}', 'emoji'], ['\uFF01', 'fullwidth'], ['a', 'ascii'], ['Z', 'upper']]), []).map(([key]) => key)).toEqual([
      'Z',
      'a',
      '\uFF01',
      '\u{1F600}',
    ]);
  });

  it('holds each key once, in strictly increasing byte order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string())), fc.array(fc.tuple(fc.string(), fc.string())), (manifest, cli) => {
        const keys = componentEnvironment(new Map(manifest), cli).map(([key]) => Buffer.from(key));
        return keys.every((key, i) => i === 0 || Buffer.compare(keys[i - 1]!, key) < 0);
      }),
    );
  });
});
