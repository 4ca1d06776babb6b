import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboundPhases } from '../../../runtime/api/events.js';
import { harTime, harTimings } from '../../../runtime/events/har-timings.js';

const NOT_NETWORK = { dns: -1, connect: -1, ssl: -1, send: 0 };

describe('harTimings', () => {
  it.each<[string, OutboundPhases, object]>([
    ['a new https connection: ssl inside connect', { policy: 0.1, blocked: 0.2, dns: 3, connect: 1, tls: 4, send: 0.5, wait: 6, receive: 2 }, { blocked: 0.3, dns: 3, connect: 5, ssl: 4, send: 0.5, wait: 6, receive: 2 }],
    ['a new http connection to an IP address: no dns, no ssl', { policy: 0.1, blocked: 0.2, connect: 1, send: 0.5, wait: 6, receive: 2 }, { blocked: 0.3, dns: -1, connect: 1, ssl: -1, send: 0.5, wait: 6, receive: 2 }],
    ['a reused connection: no dns, connect or ssl', { policy: 0.1, blocked: 0.2, send: 0.5, wait: 6, receive: 2, reused: true }, { blocked: 0.3, dns: -1, connect: -1, ssl: -1, send: 0.5, wait: 6, receive: 2 }],
    ['a chained call: the policy check, then the called component', { policy: 0.1, wait: 6, receive: 2 }, { blocked: 0.1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 6, receive: 2 }],
    ['a call that failed resolving its host', { policy: 0.1, blocked: 0.2, dns: 7 }, { blocked: 0.3, dns: 7, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 }],
    ['a call that failed in its TLS handshake', { policy: 0.1, blocked: 0.2, connect: 1, tls: 3 }, { blocked: 0.3, dns: -1, connect: 4, ssl: 3, send: 0, wait: 0, receive: 0 }],
  ])('maps the phases of %s', (_name, phases, expected) => {
    expect(harTimings({ outbound: phases })).toEqual({ ...expected, _policy: phases.policy });
  });

  it('maps an inbound request: waiting for a worker and an instance is blocked, the guest is wait and receive', () => {
    expect(harTimings({ inbound: { queueing: 3, instanceStart: 2, guestHeaders: 10, guestBody: 4 } })).toEqual({
      blocked: 5, ...NOT_NETWORK, wait: 10, receive: 4, _queueing: 3, _instanceStart: 2,
    });
  });

  it('falls back to the head and end times of an exchange recorded without phases', () => {
    expect(harTimings({ timings: { start: 100, headers: 130, end: 135 } })).toEqual({ blocked: -1, ...NOT_NETWORK, wait: 30, receive: 5 });
    expect(harTimings({ start: 100, end: 112 })).toEqual({ blocked: -1, ...NOT_NETWORK, wait: 12, receive: 0 });
  });

  it('makes the entry time the sum of the timings that apply, whatever the phases', () => {
    const duration = fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), duration, duration, duration, duration, duration, duration, duration, (policy, blocked, dns, connect, tls, send, wait, receive) => {
        const phases = Object.fromEntries(Object.entries({ policy, blocked, dns, connect, tls: connect === undefined ? undefined : tls, send, wait, receive }).filter(([, value]) => value !== undefined)) as unknown as OutboundPhases;
        const timings = harTimings({ outbound: phases });
        const total = Object.values(phases).reduce((sum: number, value) => sum + (typeof value === 'number' ? value : 0), 0);
        expect(harTime(timings)).toBeCloseTo(total, 2);
        for (const field of ['send', 'wait', 'receive'] as const) expect(timings[field]).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
