import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inboundPhases } from '../../../runtime/engine/inbound-phases.js';

describe('inboundPhases', () => {
  it('gives no instance start to a request whose spare instance was ready before it arrived', () => {
    expect(inboundPhases({ arrived: 100, began: 101.5, instantiated: { from: 20, to: 40 }, head: 130, returned: 131 })).toEqual({
      queueing: 1.5,
      instanceStart: 0,
      guestHeaders: 28.5,
      guestBody: 1,
    });
  });

  it('counts as instance start the part of its wait spent creating its instance', () => {
    // It arrived while the previous request ran (until 110); its instance was made from 110 to 118.
    expect(inboundPhases({ arrived: 100, began: 119, instantiated: { from: 110, to: 118 }, head: 150, returned: 160 })).toEqual({
      queueing: 11,
      instanceStart: 8,
      guestHeaders: 31,
      guestBody: 10,
    });
  });

  it('counts only what overlapped the wait when the instance was already being made as it arrived', () => {
    expect(inboundPhases({ arrived: 100, began: 105, instantiated: { from: 95, to: 104 }, head: 110, returned: 110 })).toMatchObject({ queueing: 1, instanceStart: 4 });
  });

  it('adds up to the time from arrival until the guest returned, never negative', () => {
    const time = fc.double({ min: 0, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(time, time, time, time, time, time, (arrived, wait, from, making, run, body) => {
        const began = arrived + wait;
        const phases = inboundPhases({ arrived, began, instantiated: { from, to: from + making }, head: began + run, returned: began + run + body });
        for (const value of Object.values(phases)) expect(value).toBeGreaterThanOrEqual(0);
        expect(phases.instanceStart).toBeLessThanOrEqual(making + 0.001);
        expect(phases.queueing + phases.instanceStart + phases.guestHeaders + phases.guestBody).toBeCloseTo(wait + run + body, 2);
      }),
    );
  });
});
