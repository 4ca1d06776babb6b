/**
 * A two-component `spin.toml` for tests of allowed_outbound_hosts across reloads:
 * `web` on `/...` and `api` on `/api/...`, each from its own wasm beside the manifest.
 */

/** What to vary: each component's allowed_outbound_hosts as a TOML array (`api: null` leaves `api` out) and the `[variables]` lines. */
export interface WebApiManifestOptions {
  readonly web?: string;
  readonly api?: string | null;
  readonly variables?: string;
}

/** The manifest's text. */
export function webApiManifest({ web = '[]', api = '[]', variables = '' }: WebApiManifestOptions = {}): string {
  const apiComponent = api === null ? '' : `\n[[trigger.http]]\nroute = "/api/..."\ncomponent = "api"\n\n[component.api]\nsource = "api.wasm"\nallowed_outbound_hosts = ${api}\n`;
  return `spin_manifest_version = 2

[application]
name = "session-changes"

[variables]
${variables}

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = "web.wasm"
allowed_outbound_hosts = ${web}
${apiComponent}`;
}
