import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';

const RENDERER_TESTS = 'test/unit/renderer/**/*.test.ts';

export default defineConfig({
  test: {
    // The CLI tests spawn the built binary; building happens once in globalSetup.
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { test: { name: 'runtime', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, RENDERER_TESTS] } },
      {
        // Svelte's `.svelte.ts` runes need its compiler, and its browser build for reactivity.
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: [RENDERER_TESTS] },
      },
    ],
  },
});
