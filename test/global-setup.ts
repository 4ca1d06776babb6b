import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Builds `dist/` once so CLI tests run the real `spinscope` binary. */
export default function buildOnce(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
