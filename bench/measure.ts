/** Result of timing one workload: operations per second, median of several rounds. */
export interface Measurement {
  readonly name: string;
  readonly opsPerSecond: number;
}

/**
 * Runs `operation` over `inputs` in rounds of roughly `roundMs`, after a warm-up,
 * and returns the median rate. Rounds of different workloads should be interleaved
 * by the caller's order of calls only if they are comparable; each call is one workload.
 */
export function measure<T>(name: string, inputs: readonly T[], operation: (input: T) => unknown, rounds = 7, roundMs = 300): Measurement {
  let sink = 0;
  const run = (ms: number): number => {
    let ops = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (const input of inputs) if (operation(input)) sink++;
      ops += inputs.length;
      elapsed = performance.now() - start;
    }
    return (ops / elapsed) * 1000;
  };
  run(roundMs);
  const rates = Array.from({ length: rounds }, () => run(roundMs)).sort((a, b) => a - b);
  if (sink < 0) throw new Error('unreachable: keeps the result observable');
  return { name, opsPerSecond: rates[Math.floor(rates.length / 2)] ?? 0 };
}

/** Formats a rate with thousands separators. */
export function formatRate(opsPerSecond: number): string {
  return Math.round(opsPerSecond).toLocaleString('en-US');
}

/** {@link measure} for an async operation, awaited one at a time. */
export async function measureAsync(name: string, operation: () => Promise<unknown>, rounds = 5, roundMs = 400): Promise<Measurement> {
  const run = async (ms: number): Promise<number> => {
    let ops = 0;
    const start = performance.now();
    while (performance.now() - start < ms) {
      await operation();
      ops += 1;
    }
    return (ops / (performance.now() - start)) * 1000;
  };
  await run(roundMs);
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) rates.push(await run(roundMs));
  rates.sort((a, b) => a - b);
  return { name, opsPerSecond: rates[Math.floor(rates.length / 2)] ?? 0 };
}
