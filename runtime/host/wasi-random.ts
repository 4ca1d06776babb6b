/** `wasi:random@0.2.x`: secure and insecure randomness, both from node:crypto. */
import { randomBytes } from 'node:crypto';

const randomU64 = (): bigint => randomBytes(8).readBigUInt64LE();

/** The `wasi:random` interfaces, keyed as jco's `instantiate()` looks them up. */
export function wasiRandom(): Record<string, object> {
  return {
    'wasi:random/random': {
      /** `get-random-bytes: func(len: u64) -> list<u8>;` */
      getRandomBytes: (len: bigint): Uint8Array => randomBytes(Number(len)),
      /** `get-random-u64: func() -> u64;` */
      getRandomU64: randomU64,
    },
    'wasi:random/insecure': {
      /** `get-insecure-random-bytes: func(len: u64) -> list<u8>;` */
      getInsecureRandomBytes: (len: bigint): Uint8Array => randomBytes(Number(len)),
      /** `get-insecure-random-u64: func() -> u64;` */
      getInsecureRandomU64: randomU64,
    },
    'wasi:random/insecure-seed': {
      /** `insecure-seed: func() -> tuple<u64, u64>;` */
      insecureSeed: (): [bigint, bigint] => [randomU64(), randomU64()],
    },
  };
}
