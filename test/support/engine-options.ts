/**
 * Engine options for tests: tests import the engine from TypeScript sources,
 * but a worker thread runs plain JS, so the worker comes from `dist/` (built
 * once by test/global-setup.ts). And an engine tests drive one whole response at a time.
 */
import { fileURLToPath } from 'node:url';
import { ISOLATED_CALL, loadComponent, type ComponentEngine, type ComponentLoadOptions, type GuestCall, type GuestOutput } from '../../runtime/engine/index.js';
import { concatBytes, type Request, type Response, type StreamingBody } from '../../runtime/http/index.js';

/** The repository's transpile cache, shared by every test that does not test caching itself. */
export const TEST_CACHE_DIR = fileURLToPath(new URL('../../.cache/transpiled', import.meta.url));

/** `ComponentLoadOptions` pointing at the compiled worker and the shared test cache, plus `overrides`. */
export function testEngineOptions(overrides: ComponentLoadOptions = {}): ComponentLoadOptions {
  return {
    workerScript: new URL('../../dist/runtime/engine/guest-worker.js', import.meta.url),
    cacheDir: TEST_CACHE_DIR,
    ...overrides,
  };
}

/** A guest's whole answer plus what it printed while producing it. */
export type WholeResponse = Response<Uint8Array> & GuestOutput;

/** An engine whose requests each bring the same `call`, answered whole. */
export interface TestEngine extends ComponentEngine {
  /**
   * Runs one request and reads the whole response (as it comes: the guest writes no
   * further ahead of its reader than a window).
   * @throws {GuestTrap} / {GuestTimeout} as `stream` does, or as the body fails.
   */
  handle(request: Request<Uint8Array | StreamingBody>): Promise<WholeResponse>;
}

/** Loads `wasm` with {@link testEngineOptions}; each request brings `call`, isolated where it says nothing. */
export async function loadTestEngine(wasm: string, overrides: ComponentLoadOptions = {}, call: Partial<GuestCall> = {}): Promise<TestEngine> {
  const engine = await loadComponent(wasm, testEngineOptions(overrides));
  const requestCall: GuestCall = { ...ISOLATED_CALL, ...call };
  return {
    ...engine,
    handle: async (request) => {
      const response = await engine.stream(request, requestCall);
      const chunks: Uint8Array[] = [];
      for await (const chunk of response.body.chunks()) chunks.push(chunk);
      const output = await response.finished;
      return { status: response.status, headers: response.headers, body: concatBytes(chunks), ...output };
    },
  };
}
