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
import type { InspectorPage } from './inspector-page.js';
import { writeProbeProject } from './probe-project.js';
import { openUiInspector, type UiInspector } from './ui-inspector.js';

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
  let opened: UiInspector | undefined;
  const close = async (): Promise<void> => {
    await opened?.close();
    upstream?.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const project = await writeProbeProject('probe-app', work);
    const started = await startLoopbackServer((path) => `upstream saw ${path}`);
    upstream = started.server;
    const upstreamHost = new URL(started.origin).host;
    opened = await openUiInspector(work, [project, '--variable', `upstream=${upstreamHost}`]);
    const { origin, inspector } = opened;
    const callOut = (target: string) => fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`);
    return { project, manifest: join(project, 'spin.toml'), upstreamHost, origin, inspector, callOut, close };
  } catch (error) {
    await close();
    throw error;
  }
}
