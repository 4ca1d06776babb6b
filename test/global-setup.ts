import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Builds `dist/` once: the runtime, so CLI tests run the real `spinscope` binary, and
 * the renderer, so `spinscope ui` serves a real inspector.
 */
export default function buildOnce(): void {
  const resolve = createRequire(import.meta.url).resolve;
  execFileSync(process.execPath, [resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, [resolve('vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
