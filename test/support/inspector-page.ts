/**
 * The inspector opened in Chromium for the end-to-end tests: a page sized like a
 * laptop window, with clipboard access for the copy buttons, failing loudly on any
 * error the page logs, and screenshots saved under `test-output/`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

/** An open inspector page and the errors it has logged (uncaught exceptions, console errors). */
export interface InspectorPage {
  readonly page: Page;
  readonly errors: string[];
  close(): Promise<void>;
}

/** Opens `url`, the address `spinscope ui` printed with its token, in a new browser context and waits until the app state shows. */
export async function openInspector(browser: Browser, url: string): Promise<InspectorPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, colorScheme: 'light' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await page.getByRole('status', { name: 'App state' }).waitFor();
  return { page, errors, close: () => context.close() };
}

/** Saves `test-output/<name>-light.png` and `-dark.png` of the page as it is now. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await mkdir(OUTPUT, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(OUTPUT, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
