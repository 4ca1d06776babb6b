/**
 * A WIT `result<T, E>` as jco's generated glue accepts it from a host function.
 * Host functions here return results instead of throwing, so the error path is
 * typed and costs no stack trace.
 */
export type WitResult<T, E = undefined> = { tag: 'ok'; val: T } | { tag: 'err'; val: E };

/** The `ok` case of a WIT result. */
export function ok<T>(val: T): { tag: 'ok'; val: T } {
  return { tag: 'ok', val };
}

/** The `err` case of a WIT result. */
export function err<const E>(val: E): { tag: 'err'; val: E } {
  return { tag: 'err', val };
}
