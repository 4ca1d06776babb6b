/**
 * Post-processes jco 1.35's `--instantiation async` glue so that it does not
 * call `WebAssembly.promising` where it does not exist.
 *
 * The glue runs `try { realloc0Async = WebAssembly.promising(exports1.cabi_realloc) } catch {}`
 * on every instantiation. Without JSPI (Node 20/22) each call throws a
 * TypeError whose message V8 builds by re-parsing the ~30,000-line
 * generator, ~6 ms per throw; guarding the call made instantiation ~4x
 * faster (docs/benchmarks.md). Behaviour is unchanged: the
 * `catch` already fell back to the plain function.
 */
const UNGUARDED = /(\w+) = WebAssembly\.promising\(([\w.$]+)\);/g;

/** Marks glue this step has processed, so a test can tell. */
export const PROMISING_GUARD = "typeof WebAssembly.promising === 'function'";

/** Rewrites each `x = WebAssembly.promising(f);` as `x = <guard> ? WebAssembly.promising(f) : f;`. */
export function guardPromising(glue: string): string {
  return glue.replace(UNGUARDED, `$1 = ${PROMISING_GUARD} ? WebAssembly.promising($2) : $2;`);
}
