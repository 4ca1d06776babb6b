/**
 * The bundled example served by `spinscope ui` and open in Chromium, for the end-to-end
 * tests: its backend's "external" API is a 127.0.0.1 server of the test's own, so nothing
 * leaves the machine, and its state dir is the test's own, so the visit counter starts at zero.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { openInspector, type InspectorPage } from './inspector-page.js';
import { appOrigin, inspectorUrl, spawnUi, type UiProcess } from './spinscope-ui.js';

/** The bundled example's folder. */
export const EXAMPLE = fileURLToPath(new URL('../../resources/examples/hello-spinscope/', import.meta.url));

export interface ExampleInspector {
  /** A temporary folder of the test's own, removed by `close()`. */
  readonly work: string;
  /** `127.0.0.1:<port>` of the API the example's backend calls. */
  readonly apiHost: string;
  readonly ui: UiProcess;
  /** The app's address, as `spinscope ui` printed it. */
  readonly origin: string;
  /** The inspector's address, token included. */
  readonly url: string;
  readonly browser: Browser;
  readonly inspector: InspectorPage;
  close(): Promise<void>;
}

/**
 * Serves the example, or the project `projectOf(work)` returns (a copy of it, say), and
 * opens its inspector. Call `close()` in `afterAll`, even when this threw halfway.
 */
export async function openExampleInspector(projectOf: (work: string) => Promise<string> = async () => EXAMPLE): Promise<ExampleInspector> {
  const work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
  const api = createServer((_request, response) => response.end('hello from the test API'));
  const opened: { -readonly [K in keyof ExampleInspector]?: ExampleInspector[K] } = { work };
  const close = async (): Promise<void> => {
    await opened.inspector?.close();
    await opened.browser?.close();
    if (opened.ui?.child.exitCode === null) opened.ui.child.kill('SIGKILL');
    api.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    const project = await projectOf(work);
    const ui = spawnUi(work, [project, '--variable', `api_host=${apiHost}`, '--variable', 'api_scheme=http', '--state-dir', join(work, 'state')], { sharedTranspileCache: true });
    Object.assign(opened, { apiHost, ui });
    const [url, origin] = await Promise.all([inspectorUrl(ui), appOrigin(ui)]);
    const browser = await launchChromium();
    Object.assign(opened, { url, origin, browser });
    const inspector = await openInspector(browser, url);
    opened.inspector = inspector;
    return { work, apiHost, ui, origin, url, browser, inspector, close };
  } catch (error) {
    await close();
    throw error;
  }
}
