/**
 * A throwaway Spin project on disk built around the probe guest: a public
 * `frontend` on `/...` chaining to a private `backend`, with a templated
 * allowed_outbound_hosts entry whose `upstream` variable is required.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildComponent } from './build-component.js';

/** The probe project's `spin.toml` for the probe guest at `wasm`. */
export function probeManifest(wasm: string, name = 'probe-app'): string {
  return `spin_manifest_version = 2

[application]
name = "${name}"

[variables]
upstream = { required = true }

[[trigger.http]]
route = "/..."
component = "frontend"

[[trigger.http]]
route = { private = true }
component = "backend"

[component.frontend]
source = ${JSON.stringify(wasm)}
allowed_outbound_hosts = ["http://backend.spin.internal", "http://{{ upstream }}"]

[component.backend]
source = ${JSON.stringify(wasm)}
`;
}

/** Writes a probe project into a new directory under `parent` (a temp dir when absent) and returns the directory. */
export async function writeProbeProject(name = 'probe-app', parent?: string): Promise<string> {
  const dir = parent === undefined ? await mkdtemp(join(tmpdir(), 'spinscope-project-')) : join(parent, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'spin.toml'), probeManifest(await buildComponent('probe'), name));
  return dir;
}
