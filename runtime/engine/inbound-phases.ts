/** The phases of serving an inbound request (`InboundPhases`) from when its steps happened. */
import type { InboundPhases } from '../api/events.js';

/** When the steps of serving one request happened, in `sharedNow()` milliseconds. */
export interface ServingMarks {
  /** The request reached the engine. */
  readonly arrived: number;
  /** A worker began it. */
  readonly began: number;
  /** When the instance it runs on was being created (ahead of the request, or while it waited). */
  readonly instantiated: { readonly from: number; readonly to: number };
  /** The guest set its response head. */
  readonly head: number;
  /** The guest returned. */
  readonly returned: number;
}

/**
 * The phases of the request `marks` describe. Of the wait until a worker began it, the part
 * spent creating its instance is `instanceStart`; the rest is queueing.
 */
export function inboundPhases(marks: ServingMarks): InboundPhases {
  const waited = Math.max(0, marks.began - marks.arrived);
  const { from, to } = marks.instantiated;
  const instanceStart = Math.min(waited, Math.max(0, Math.min(marks.began, to) - Math.max(marks.arrived, from)));
  return {
    queueing: ms(waited - instanceStart),
    instanceStart: ms(instanceStart),
    guestHeaders: ms(marks.head - marks.began),
    guestBody: ms(marks.returned - marks.head),
  };
}

/** Milliseconds to the microsecond, never negative. */
function ms(value: number): number {
  return Math.max(0, Math.round(value * 1000) / 1000);
}
