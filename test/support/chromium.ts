/**
 * Headless Chromium driven by playwright-core, for the end-to-end tests and the UI
 * benchmarks. Nothing is downloaded at test time: the browser is `SPINSCOPE_CHROMIUM`,
 * else a system Chromium, else the one `@sparticuz/chromium` ships inside its npm
 * package (unpacked once into the temp directory), so `npm install && npm test` works
 * on a machine with no browser installed.
 */
import { statSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The browser the tests drive: the first of `SPINSCOPE_CHROMIUM`, a system Chromium, the npm-shipped one. */
export async function chromiumPath(): Promise<string> {
  const configured = process.env['SPINSCOPE_CHROMIUM'];
  if (configured !== undefined && configured !== '') return configured;
  const system = SYSTEM_CHROMIUMS.find(isExecutableFile);
  if (system !== undefined) return system;
  const { default: shipped } = await import('@sparticuz/chromium');
  return shipped.executablePath();
}

/** Starts headless Chromium with the flags this machine needs (no sandbox as root, no GPU, no background traffic). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// A check that hides the system browser bind-mounts /dev/null over it: that exists, but is no file.
function isExecutableFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
