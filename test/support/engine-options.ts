/**
 * Engine options for tests: tests import the engine from TypeScript sources,
 * but a worker thread runs plain JS, so the worker comes from `dist/` (built
 * once by test/global-setup.ts).
 */
import { fileURLToPath } from 'node:url';
import type { ComponentLoadOptions } from '../../runtime/engine/index.js';

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
