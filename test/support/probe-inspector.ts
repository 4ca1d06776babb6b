/**
 * The probe project served by `spinscope ui` and opened in Chromium, for end-to-end
 * tests that edit allowed_outbound_hosts: the project on disk, a loopback upstream
 * for its `{{ upstream }}` entry, and helpers to reach any URL through the app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { openInspector, type InspectorPage } from './inspector-page.js';
import { writeProbeProject } from './probe-project.js';
import { appOrigin, inspectorUrl, spawnUi, type UiProcess } from './spinscope-ui.js';

/** A running probe project with its inspector open. */
export interface ProbeInspector {
  /** The project's directory; its manifest is `spin.toml` there. */
  readonly project: string;
  readonly manifest: string;
  /** `host:port` of the loopback server the `upstream` variable points at. */
  readonly upstreamHost: string;
  /** Where the app serves. */
  readonly origin: string;
  readonly inspector: InspectorPage;
  /** Makes the frontend fetch `url`; the app answers 200 with the upstream's reply, or 500 when the call was denied. */
  callOut(url: string): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a loopback HTTP server whose every answer is `body(path)`; resolves to it and its origin. */
export async function startLoopbackServer(body: (path: string) => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => response.end(body(request.url ?? '')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Writes the probe project under a new temp dir, serves it with `spinscope ui` and opens the inspector. */
export async function startProbeInspector(): Promise<ProbeInspector> {
  const work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
  let upstream: Server | undefined;
  let ui: UiProcess | undefined;
  let browser: Browser | undefined;
  let inspector: InspectorPage | undefined;
  const close = async (): Promise<void> => {
    await inspector?.close();
    await browser?.close();
    if (ui?.child.exitCode === null) ui.child.kill('SIGKILL');
    upstream?.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const project = await writeProbeProject('probe-app', work);
    const started = await startLoopbackServer((path) => `upstream saw ${path}`);
    upstream = started.server;
    const upstreamHost = new URL(started.origin).host;
    ui = spawnUi(work, [project, '--variable', `upstream=${upstreamHost}`], { sharedTranspileCache: true });
    const [url, origin] = await Promise.all([inspectorUrl(ui), appOrigin(ui)]);
    browser = await launchChromium();
    inspector = await openInspector(browser, url);
    const callOut = (target: string) => fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`);
    return { project, manifest: join(project, 'spin.toml'), upstreamHost, origin, inspector, callOut, close };
  } catch (error) {
    await close();
    throw error;
  }
}
