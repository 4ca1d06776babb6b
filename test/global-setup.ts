import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'vite';
import { chromiumPath } from './support/chromium.js';

/**
 * Builds `dist/` once: the runtime, so CLI tests run the real `spinscope` binary, and
 * the renderer, so `spinscope ui` serves a real inspector; and makes sure a Chromium
 * is ready for the end-to-end tests.
 */
export default async function buildOnce(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
  // Unpacks the npm-shipped browser once, before test files run in parallel, where none is installed.
  await chromiumPath();
}
