import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'vite';

/**
 * Builds `dist/` once: the runtime, so CLI tests run the real `spinscope` binary, and
 * the renderer, so `spinscope ui` serves a real inspector.
 */
export default async function buildOnce(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
