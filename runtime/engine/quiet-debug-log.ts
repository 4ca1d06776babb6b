/**
 * Post-processes jco 1.35's glue so that its debug logging costs nothing
 * while `JCO_DEBUG` is unset.
 *
 * The glue defines `_debugLog` inside `instantiate()` as
 * `if (!globalThis?.process?.env?.JCO_DEBUG) { return; } console.debug(...)`
 * and calls it from ~385 places, several per host call, each building its
 * arguments (object literals) first; on Node every `process.env` read is a
 * `getenv` through C++. Here the variable is read once, when the glue
 * module loads, and each call is skipped (arguments included) unless it was
 * set. Debug output with `JCO_DEBUG` set is unchanged.
 */
import { EngineError } from './engine-error.js';

const PER_CALL_CHECK = 'if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';

/** The module-scope constant the rewritten glue reads instead of the environment. */
export const DEBUG_FLAG = '$spinscopeJcoDebug';

const CALL_STATEMENT = /^(\s*)_debugLog\(/gm;

/**
 * Moves the environment read to module scope and guards each `_debugLog(...)` statement with it.
 * Glue without jco's `_debugLog` is returned unchanged.
 *
 * @throws {EngineError} when the glue defines `_debugLog` in a shape this step does not know (a jco upgrade changed it).
 */
export function quietDebugLog(glue: string): string {
  if (!glue.includes('const _debugLog = ')) return glue;
  if (!glue.includes(PER_CALL_CHECK)) throw new EngineError("jco's glue defines _debugLog in an unknown way; update runtime/engine/quiet-debug-log.ts for this jco version");
  const declaration = `const ${DEBUG_FLAG} = Boolean(globalThis?.process?.env?.JCO_DEBUG);\n`;
  const body = glue.replace(PER_CALL_CHECK, `if (!${DEBUG_FLAG}) { return; }`).replace(CALL_STATEMENT, `$1${DEBUG_FLAG} && _debugLog(`);
  // After the `"use components";` directive prologue jco starts with, if any.
  const prologue = /^("use [^"]*";\s*)*/.exec(body)?.[0] ?? '';
  return `${prologue}${declaration}${body.slice(prologue.length)}`;
}
