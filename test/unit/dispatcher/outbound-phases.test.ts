import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExchangeMarks } from '../../../runtime/dispatcher/outbound-phases.js';
import { outboundPhases } from '../../../runtime/dispatcher/outbound-phases.js';
import type { ConnectionTiming } from '../../../runtime/dispatcher/timed-connector.js';

/** A connection opened at 2 ms: resolved at 5, connected at 6, secured at 9, as it applies. */
function opened(resolves: boolean, secure: boolean, reached = Infinity): ConnectionTiming {
  const at = (time: number): number | undefined => (time <= reached ? time : undefined);
  return { started: 2, resolves, secure, used: true, lookedUp: resolves ? at(5) : undefined, connected: at(6), secured: secure ? at(9) : undefined };
}

const NETWORK = { start: 0, checked: 1, route: 'network', sendStart: 10, sendEnd: 11, headers: 20, end: 25, failed: false } as const;

describe('outboundPhases', () => {
  it.each<[string, ExchangeMarks, object]>([
    // Setting the new connection up until the head goes out (10) counts to its last step.
    ['an https call on a new connection to a host name', { ...NETWORK, connection: opened(true, true) }, { policy: 1, blocked: 1, dns: 3, connect: 1, tls: 4, send: 1, wait: 9, receive: 5 }],
    ['an http call on a new connection to an IP address', { ...NETWORK, connection: opened(false, false) }, { policy: 1, blocked: 1, connect: 8, send: 1, wait: 9, receive: 5 }],
    ['a call on a reused connection', { ...NETWORK, connection: 'reused' }, { policy: 1, blocked: 9, send: 1, wait: 9, receive: 5, reused: true }],
    ['a call on a connection another connector opened', { ...NETWORK, connection: undefined }, { policy: 1, blocked: 9, send: 1, wait: 9, receive: 5 }],
    ['a chained call', { start: 0, checked: 1, route: 'chained', headers: 20, end: 25, failed: false }, { policy: 1, wait: 19, receive: 5 }],
    ['a denied call', { start: 0, checked: 3, route: undefined, end: 3.5, failed: true }, { policy: 3 }],
  ])('splits %s into its phases', (_name, marks, expected) => {
    expect(outboundPhases(marks)).toEqual(expected);
  });

  it.each<[string, ConnectionTiming, object]>([
    ['resolving the host', opened(true, true, 4), { dns: 28 }],
    ['connecting', opened(true, true, 5), { dns: 3, connect: 25 }],
    ['the TLS handshake', opened(false, true, 8), { connect: 4, tls: 24 }],
  ])('ends a call that failed %s with that phase', (_name, connection, expected) => {
    const marks: ExchangeMarks = { start: 0, checked: 1, route: 'network', connection, end: 30, failed: true };
    expect(outboundPhases(marks)).toEqual({ policy: 1, blocked: 1, ...expected });
  });

  it('ends a call whose body was cut off with receive', () => {
    expect(outboundPhases({ ...NETWORK, connection: 'reused', end: 40, failed: true })).toEqual({ policy: 1, blocked: 9, send: 1, wait: 9, receive: 20, reused: true });
  });

  it('keeps phases in order and never negative when undici reports steps out of order', () => {
    // A server may answer before the whole body went out.
    expect(outboundPhases({ ...NETWORK, connection: 'reused', sendEnd: 22 })).toEqual({ policy: 1, blocked: 9, send: 12, wait: 0, receive: 3, reused: true });
  });

  it('measures to the microsecond', () => {
    expect(outboundPhases({ start: 0, checked: 0.0123456, route: undefined, end: 1, failed: true })).toEqual({ policy: 0.012 });
  });

  it('adds up to the whole exchange, whichever marks exist', () => {
    const time = fc.double({ min: 0, max: 1000, noNaN: true });
    const maybe = fc.option(time, { nil: undefined });
    fc.assert(
      fc.property(time, time, fc.constantFrom('network', 'chained'), maybe, maybe, maybe, fc.boolean(), fc.boolean(), (start, policy, route, sendEnd, headers, lookedUp, failed, secure) => {
        const checked = start + policy;
        const connection: ConnectionTiming = { started: checked + 1, resolves: true, secure, used: true, lookedUp, connected: undefined, secured: undefined };
        const end = Math.max(checked, sendEnd ?? 0, headers ?? 0, lookedUp ?? 0) + 1;
        const phases = outboundPhases({ start, checked, route, connection, sendStart: undefined, sendEnd, headers, end, failed });
        const durations = Object.values(phases).filter((value): value is number => typeof value === 'number');
        for (const duration of durations) expect(duration).toBeGreaterThanOrEqual(0);
        const sum = durations.reduce((total, duration) => total + duration, 0);
        // Each phase is rounded to the microsecond; without a failure a step undici did not report is skipped, not counted.
        expect(sum).toBeLessThanOrEqual(end - start + 0.01);
        if (failed) expect(sum).toBeCloseTo(end - start, 2);
      }),
    );
  });
});
