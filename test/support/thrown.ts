/**
 * The error `run` throws, which must be a `type`: fails the test when `run` throws
 * nothing, and rethrows anything of another type so the test shows it.
 */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
