/**
 * HAR 1.2 `timings` of an exchange from the phases its events recorded: -1 for a phase that
 * does not apply, `ssl` counted in `connect` as well (the spec's rule), and what HAR has no
 * field for in `_`-prefixed fields beside them. Events recorded without phases fall back to
 * their `timings` (waiting for the head, then the body).
 */
import type { InboundPhases, OutboundPhases, ResponseTimings } from '../api/events.js';

/** An entry's `timings`. The entry's `time` is their sum, `ssl` excepted. */
export interface HarTimings {
  readonly blocked: number;
  readonly dns: number;
  readonly connect: number;
  readonly ssl: number;
  readonly send: number;
  readonly wait: number;
  readonly receive: number;
  /** Of `blocked`: checking `allowed_outbound_hosts` (outbound). */
  readonly _policy?: number;
  /** Of `blocked`: waiting for a worker (inbound). */
  readonly _queueing?: number;
  /** Of `blocked`: instantiating the component (inbound). */
  readonly _instanceStart?: number;
}

/** What an exchange recorded of its timing: phases, or else the times of its head and end (or just when it ended). */
export type RecordedTiming =
  | { readonly inbound: InboundPhases }
  | { readonly outbound: OutboundPhases }
  | { readonly timings: ResponseTimings }
  | { readonly start: number; readonly end: number };

/** The HAR timings of an exchange. */
export function harTimings(recorded: RecordedTiming): HarTimings {
  if ('inbound' in recorded) {
    const { queueing, instanceStart, guestHeaders, guestBody } = recorded.inbound;
    return { ...notNetwork(queueing + instanceStart), wait: guestHeaders, receive: guestBody, _queueing: queueing, _instanceStart: instanceStart };
  }
  if ('outbound' in recorded) {
    const { policy, blocked = 0, dns, connect, tls, send = 0, wait = 0, receive = 0 } = recorded.outbound;
    return {
      blocked: ms(policy + blocked),
      dns: dns ?? -1,
      connect: connect === undefined ? -1 : ms(connect + (tls ?? 0)),
      ssl: tls ?? -1,
      send,
      wait,
      receive,
      _policy: policy,
    };
  }
  if ('timings' in recorded) {
    const { start, headers, end } = recorded.timings;
    return { ...notNetwork(-1), send: 0, wait: Math.max(0, headers - start), receive: Math.max(0, end - headers) };
  }
  return { ...notNetwork(-1), send: 0, wait: Math.max(0, recorded.end - recorded.start), receive: 0 };
}

/** An entry's `time`: the sum of its timings that apply, `ssl` being part of `connect`. */
export function harTime(timings: HarTimings): number {
  const parts = [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive];
  return ms(parts.reduce((sum, part) => sum + Math.max(0, part), 0));
}

function notNetwork(blocked: number): Pick<HarTimings, 'blocked' | 'dns' | 'connect' | 'ssl' | 'send'> {
  return { blocked: blocked < 0 ? -1 : ms(blocked), dns: -1, connect: -1, ssl: -1, send: 0 };
}

/** Milliseconds to the microsecond, as the phases are. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}
