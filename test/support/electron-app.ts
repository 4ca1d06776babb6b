/**
 * The desktop app in a real Electron, for the end-to-end test that runs wherever an
 * Electron binary is installed. Nothing is downloaded: `require('electron')` would
 * fetch a missing binary, so the binary is found the way its package records it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron binary to drive, or why there is none (for the skipped test to say). */
export function electronBinary(): { readonly path: string } | { readonly missing: string } {
  const configured = process.env['SPINSCOPE_ELECTRON'];
  if (configured !== undefined && configured !== '') return existsSync(configured) ? { path: configured } : { missing: `SPINSCOPE_ELECTRON=${configured} does not exist` };
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const binary = existsSync(pathFile) ? join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
  if (binary === undefined || !existsSync(binary)) {
    return { missing: `no Electron binary in ${join(packageDir, 'dist')} (npm install downloads it where it can; SPINSCOPE_ELECTRON names another)` };
  }
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return { missing: 'no display for Electron (run the tests under xvfb-run)' };
  return { path: binary };
}

/**
 * A development app folder under `work`, as `npm start` runs it from the checkout:
 * `dist/electron` and `dist/runtime` compiled there by `tsc -p tsconfig.electron.json`,
 * and the checkout's package.json, built renderer, resources and node_modules beside
 * them. Building into the checkout's own `dist/` would rewrite files other test
 * files are reading.
 */
export function prepareElectronApp(work: string): string {
  const app = join(work, 'app');
  mkdirSync(join(app, 'dist'), { recursive: true });
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.electron.json'), '--outDir', join(app, 'dist'), '--sourceMap', 'false'], { stdio: 'inherit' });
  copyFileSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  for (const shared of ['dist/renderer', 'resources', 'node_modules']) symlinkSync(join(ROOT, shared), join(app, shared));
  return app;
}
