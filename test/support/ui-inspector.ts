/**
 * `spinscope ui` serving a project, with its inspector open in Chromium: the start
 * and the teardown every end-to-end test that drives the inspector shares.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { openInspector, type InspectorPage } from './inspector-page.js';
import { appOrigin, inspectorUrl, spawnUi, type UiProcess } from './spinscope-ui.js';

export interface UiInspector {
  readonly ui: UiProcess;
  /** The inspector's address, token included. */
  readonly url: string;
  /** The app's address, as `spinscope ui` printed it. */
  readonly origin: string;
  readonly browser: Browser;
  readonly inspector: InspectorPage;
  /** Closes the page and the browser and kills `spinscope ui`. */
  close(): Promise<void>;
}

/** Runs `spinscope ui ARGS` in `work` (sharing the transpile cache) and opens its inspector; stops what it started if that fails. */
export async function openUiInspector(work: string, args: readonly string[]): Promise<UiInspector> {
  const ui = spawnUi(work, args, { sharedTranspileCache: true });
  let browser: Browser | undefined;
  let inspector: InspectorPage | undefined;
  const close = async (): Promise<void> => {
    await inspector?.close();
    await browser?.close();
    if (ui.child.exitCode === null) ui.child.kill('SIGKILL');
  };
  try {
    const [url, origin] = await Promise.all([inspectorUrl(ui), appOrigin(ui)]);
    browser = await launchChromium();
    inspector = await openInspector(browser, url);
    return { ui, url, origin, browser, inspector, close };
  } catch (error) {
    await close();
    throw error;
  }
}
