import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { btreeMapOrder } from '../../../runtime/trigger/btree-map-order.js';
import { compareRouteSpecs, matchRouteSpec, parseRouteSpec } from '../../../runtime/trigger/route-spec.js';

/**
 * Random route tables and paths, with the answers of the real routefinder 0.5.4 crate
 * (the version Spin pins): its route order after insertion into its BTreeMap, and
 * for each path the index of the best match, its params and its wildcard.
 */
interface GoldenCase {
  routes: string[];
  order: number[];
  matches: ([path: string, index: null] | [path: string, index: number, params: [string, string][], wildcard: string | null])[];
}

const golden = JSON.parse(readFileSync(new URL('./routefinder-golden.json', import.meta.url), 'utf8')) as GoldenCase[];

describe('routefinder 0.5.4 semantics, checked against the real crate', () => {
  it.each(golden.map((testCase, i) => [i, testCase] as const))('table %i orders and matches as routefinder does', (_, testCase) => {
    const entries = testCase.routes.map((route, index) => ({ index, segments: parseRouteSpec(route) }));
    const ordered = btreeMapOrder(entries, (a, b) => compareRouteSpecs(a.segments, b.segments));
    expect(ordered.map((entry) => entry.index)).toEqual(testCase.order);
    for (const [path, index, params, wildcard] of testCase.matches) {
      const found = ordered.map((entry) => ({ entry, captures: matchRouteSpec(entry.segments, path) })).find(({ captures }) => captures);
      if (index === null) {
        expect(found, path).toBeUndefined();
        continue;
      }
      expect([path, found?.entry.index, found?.captures?.params, found?.captures?.wildcard ?? null]).toEqual([path, index, params, wildcard]);
    }
  });
});

describe('routefinder pattern parsing', () => {
  it('splits a pattern into exact, param, wildcard and slash segments', () => {
    expect(parseRouteSpec('/hello/:planet/*')).toEqual([
      { kind: 'exact', text: 'hello' },
      { kind: 'slash' },
      { kind: 'param', name: 'planet' },
      { kind: 'slash' },
      { kind: 'wildcard' },
    ]);
  });

  it('glues a dot onto a preceding exact section, so /foo/.../bar is not a wildcard', () => {
    expect(parseRouteSpec('/foo/.../bar')).toEqual([{ kind: 'exact', text: 'foo...' }, { kind: 'slash' }, { kind: 'exact', text: 'bar' }]);
  });

  it('parses the root as no segments at all', () => {
    expect(parseRouteSpec('')).toEqual([]);
    expect(parseRouteSpec('/')).toEqual([]);
  });
});
