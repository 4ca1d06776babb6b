import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn the built binary; building happens once in globalSetup.
    globalSetup: ['test/global-setup.ts'],
  },
});
