/**
 * A throwaway Spin project whose guest uses key-value and SQLite (the `spin-js-stores`
 * fixture): `todo` on `/...` may open the "default" store and database; `stats` on
 * `/stats/...` runs the same guest with no grant, so its calls are denied.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSpinJsComponent } from './build-spin-js-component.js';

/** The stores project's `spin.toml` for the guest at `wasm`. */
export function storesManifest(wasm: string): string {
  return `spin_manifest_version = 2

[application]
name = "stores-app"

[[trigger.http]]
route = "/stats/..."
component = "stats"

[[trigger.http]]
route = "/..."
component = "todo"

[component.todo]
source = ${JSON.stringify(wasm)}
key_value_stores = ["default"]
sqlite_databases = ["default"]

[component.stats]
source = ${JSON.stringify(wasm)}
`;
}

/** Writes the stores project into `parent/stores-app` and returns that directory. */
export async function writeStoresProject(parent: string): Promise<string> {
  const dir = join(parent, 'stores-app');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'spin.toml'), storesManifest(await buildSpinJsComponent('stores')));
  return dir;
}
