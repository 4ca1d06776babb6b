/** `wasi:clocks@0.2.x`: monotonic and wall clocks. */
import { Pollable, type WaitForActivity } from './wasi-io.js';

/** `record datetime { seconds: u64, nanoseconds: u32 }` */
interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}

/** The `wasi:clocks` interfaces, keyed as jco's `instantiate()` looks them up; a clock pollable blocks on `wait`. */
export function wasiClocks(wait?: WaitForActivity): Record<string, object> {
  return {
    'wasi:clocks/monotonic-clock': {
      /** `now: func() -> instant;` (nanoseconds) */
      now: (): bigint => process.hrtime.bigint(),
      /** `resolution: func() -> duration;` */
      resolution: (): bigint => 1n,
      /** `subscribe-instant: func(when: instant) -> pollable;` */
      subscribeInstant: (when: bigint): Pollable => new Pollable(when, wait),
      /** `subscribe-duration: func(when: duration) -> pollable;` */
      subscribeDuration: (when: bigint): Pollable => new Pollable(process.hrtime.bigint() + when, wait),
    },
    'wasi:clocks/wall-clock': {
      /** `now: func() -> datetime;` */
      now(): Datetime {
        const ms = Date.now();
        return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
      },
      /** `resolution: func() -> datetime;` */
      resolution: (): Datetime => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
  };
}
