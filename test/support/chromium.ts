/**
 * Debian's Chromium driven by playwright-core, for the end-to-end tests and the UI
 * benchmarks. Nothing is downloaded: `.ci/run` installs the browser with apt.
 */
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; `SPINSCOPE_CHROMIUM` overrides it. */
export const CHROMIUM_PATH = process.env['SPINSCOPE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Starts headless Chromium with the flags this machine needs (no sandbox as root, no GPU, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
