/**
 * Which imported functions a component lowers from a WASIp3 `async func`, read from
 * the glue jco 1.35 generated for it. A component's import types list only the
 * functions it uses, and jco builds one trampoline per function, marking those of an
 * `async func` `(async, @ enter)` and wrapping them in `WebAssembly.Suspending`
 * whatever the guest's lowering (a synchronous function's wrapper is conditional on
 * `manuallyAsync`). That wrapper needs JSPI, so such a component cannot load here.
 */
import type { AsyncFunctionImport } from '../host/index.js';

/** The log line at the start of each import trampoline: `[iface="spin:sqlite/sqlite@3.1.0", function="[static]connection.open-async"] [Instruction::CallInterface] (async, @ enter)`. */
const ASYNC_TRAMPOLINE = /\[iface="([^"]+)", function="([^"]+)"\] \[Instruction::CallInterface\] \(async, @ enter\)/g;

/** The async functions among `imports` (versioned interface names) that `glue` calls, in glue order, each once. */
export function asyncImports(glue: string, imports: readonly string[]): AsyncFunctionImport[] {
  const imported = new Set(imports);
  const found = new Map<string, AsyncFunctionImport>();
  for (const [, iface = '', fn = ''] of glue.matchAll(ASYNC_TRAMPOLINE)) {
    if (imported.has(iface)) found.set(`${iface}#${fn}`, { interface: iface, function: fn });
  }
  return [...found.values()];
}
