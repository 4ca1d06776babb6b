import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';

const RENDERER_TESTS = 'test/unit/renderer/**/*.test.ts';
// CI is a 2-core box running test files in parallel, and some tests transpile
// components or start browsers: generous limits keep slowness from reading as failure.
const LIMITS = { testTimeout: 30_000, hookTimeout: 180_000 };

export default defineConfig({
  test: {
    // The CLI tests spawn the built binary; building happens once in globalSetup.
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { test: { name: 'runtime', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, RENDERER_TESTS], ...LIMITS } },
      {
        // Svelte's `.svelte.ts` runes need its compiler, and its browser build for reactivity.
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: [RENDERER_TESTS], ...LIMITS },
      },
    ],
  },
});
