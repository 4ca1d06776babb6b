import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { btreeMapOrder } from '../../../runtime/trigger/btree-map-order.js';

interface Keyed {
  rank: number;
  id: number;
}

/** A consistent order whose ties answer Greater, as routefinder's comparator does. */
const tiesAfter = (a: Keyed, b: Keyed): number => (a.rank < b.rank ? -1 : 1);

describe('Rust BTreeMap insertion order', () => {
  it('equals a stable sort when the comparator is consistent and never says equal', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }), (ranks) => {
        const keys = ranks.map((rank, id) => ({ rank, id }));
        const stable = [...keys].sort((a, b) => a.rank - b.rank);
        expect(btreeMapOrder(keys, tiesAfter)).toEqual(stable);
      }),
    );
  });

  it('keeps the existing key when the comparator says equal, as BTreeMap::insert does', () => {
    const keys = [1, 2, 1, 3, 2].map((rank, id) => ({ rank, id }));
    const order = btreeMapOrder(keys, (a, b) => a.rank - b.rank);
    expect(order).toEqual([
      { rank: 1, id: 0 },
      { rank: 2, id: 1 },
      { rank: 3, id: 3 },
    ]);
  });

  it('places a new key before the first existing key it claims to precede, even for an inconsistent order', () => {
    // "x" and every other key each claim to sort first; std stops at the first Less.
    const keys = ['a', 'b', 'c', 'x'];
    const rigged = (a: string, b: string): number => (a === 'x' || b === 'x' ? -1 : a < b ? -1 : 1);
    expect(btreeMapOrder(keys, rigged)).toEqual(['x', 'a', 'b', 'c']);
  });
});
