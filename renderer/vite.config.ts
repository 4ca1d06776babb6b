import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const RENDERER = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Builds the inspector into `dist/renderer/`. Asset paths are relative (`base: './'`)
 * so Electron can load `index.html` from disk and `spinscope ui` can serve it at `/`;
 * scripts and styles go to files (no inline code) so a strict CSP allows them.
 */
export default defineConfig({
  root: RENDERER,
  base: './',
  plugins: [svelte({ configFile: false })],
  define: { __SPINSCOPE_VERSION__: JSON.stringify(PACKAGE.version) },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    // The modulepreload polyfill would be one more script; every browser we target has modulepreload.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
