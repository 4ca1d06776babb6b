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

/** An async workload to time. */
export interface AsyncWorkload {
  readonly name: string;
  readonly run: () => Promise<unknown>;
  /** Operations one `run` completes (e.g. requests sent concurrently); 1 when absent. */
  readonly opsPerRun?: number;
}

/**
 * Times two async workloads in alternating rounds (after a warm-up of each), so a
 * machine that gets busier or quieter during the run shifts both alike and their
 * ratio stays meaningful. Returns the median rate of each.
 */
export async function compareAsync(baseline: AsyncWorkload, subject: AsyncWorkload, rounds = 7, roundMs = 300): Promise<[Measurement, Measurement]> {
  const rate = async (workload: AsyncWorkload): Promise<number> => {
    let ops = 0;
    const start = performance.now();
    while (performance.now() - start < roundMs) {
      await workload.run();
      ops += workload.opsPerRun ?? 1;
    }
    return (ops / (performance.now() - start)) * 1000;
  };
  await rate(baseline);
  await rate(subject);
  const rates: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    rates[0].push(await rate(baseline));
    rates[1].push(await rate(subject));
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return [
    { name: baseline.name, opsPerSecond: median(rates[0]) },
    { name: subject.name, opsPerSecond: median(rates[1]) },
  ];
}
