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
import { openUiInspector, type UiInspector } from './ui-inspector.js';

/** The bundled example's folder. */
export const EXAMPLE = fileURLToPath(new URL('../../resources/examples/hello-spinscope/', import.meta.url));

export interface ExampleInspector extends Omit<UiInspector, 'close'> {
  /** A temporary folder of the test's own, removed by `close()`. */
  readonly work: string;
  /** `127.0.0.1:<port>` of the API the example's backend calls. */
  readonly apiHost: string;
  close(): Promise<void>;
}

/**
 * Serves the example, or the project `projectOf(work)` returns (a copy of it, say), and
 * opens its inspector. Call `close()` in `afterAll`, even when this threw halfway.
 */
export async function openExampleInspector(projectOf: (work: string) => Promise<string> = async () => EXAMPLE): Promise<ExampleInspector> {
  const work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
  const api = createServer((_request, response) => response.end('hello from the test API'));
  let opened: UiInspector | undefined;
  const close = async (): Promise<void> => {
    await opened?.close();
    api.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    const project = await projectOf(work);
    opened = await openUiInspector(work, [project, '--variable', `api_host=${apiHost}`, '--variable', 'api_scheme=http', '--state-dir', join(work, 'state')]);
    return { ...opened, work, apiHost, close };
  } catch (error) {
    await close();
    throw error;
  }
}
