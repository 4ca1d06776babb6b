import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../../../runtime/manifest/index.js';
import { checkStoreLabels, parseRuntimeConfig, resolveStoreLayout } from '../../../runtime/runtime-config/index.js';
import { thrown } from '../../support/thrown.js';

const MANIFEST = `spin_manifest_version = 2

[application]
name = "app"

[[trigger.http]]
route = "/a"
component = "front"

[[trigger.http]]
route = "/b"
component = "back"

[component.front]
source = "front.wasm"
key_value_stores = ["default", "cache"]
sqlite_databases = ["default"]

[component.back]
source = "back.wasm"
sqlite_databases = ["default", "analytics", "missing", "analytics"]
`;

const RUNTIME_CONFIG = `[key_value_store.cache]
type = "spin"

[sqlite_database.analytics]
type = "spin"
`;

const manifest = parseManifest(MANIFEST, '/work/app/spin.toml').manifest;
const layout = (text: string) => resolveStoreLayout({ manifestDir: '/work/app', runtimeConfig: parseRuntimeConfig(text, 'rc.toml') });
const errorOf = (text: string): ManifestError => thrown(ManifestError, () => checkStoreLabels(manifest, layout(text)));

describe('checkStoreLabels', () => {
  it('accepts labels the runtime config defines, and default without one', () => {
    expect(() => checkStoreLabels(manifest, layout(`${RUNTIME_CONFIG}\n[sqlite_database.missing]\ntype = "spin"\n`))).not.toThrow();
  });

  it("reports an unknown key_value_stores label with Spin's message at the line of the list", () => {
    const error = errorOf('[sqlite_database.analytics]\ntype = "spin"\n[sqlite_database.missing]\ntype = "spin"\n');
    expect(error).toMatchObject({ file: path.resolve('/work/app/spin.toml'), line: 16, component: 'front' });
    expect(error.detail).toBe(
      'unknown key_value_stores label "cache" for component "front"; define it as [key_value_store.cache] in a runtime config file (--runtime-config-file)',
    );
    expect(error.message).toBe(`/work/app/spin.toml:16: component "front": ${error.detail}`);
  });

  it('checks key-value labels before SQLite ones, as Spin configures the key-value factor first', () => {
    expect(errorOf('').detail).toMatch(/^unknown key_value_stores label "cache"/);
  });

  it("lists every undefined SQLite database in Spin's words, once per component", () => {
    const error = errorOf('[key_value_store.cache]\ntype = "spin"\n');
    expect(error).toMatchObject({ line: 21, component: 'back' });
    expect(error.detail).toBe(
      [
        'One or more components use SQLite databases which are not defined.',
        'Check the spelling, or pass a runtime configuration file that defines these stores.',
        'See https://spinframework.dev/dynamic-configuration#sqlite-storage-runtime-configuration',
        'Details:',
        "- Component back uses database 'analytics'",
        "- Component back uses database 'missing'",
      ].join('\n'),
    );
  });

  it('treats a replaced default like any other label', () => {
    const only = parseManifest(
      'spin_manifest_version = 2\n[application]\nname = "a"\n[[trigger.http]]\nroute = "/"\ncomponent = { source = "a.wasm", key_value_stores = ["default"] }\n',
      '/work/app/spin.toml',
    ).manifest;
    expect(() => checkStoreLabels(only, layout('[key_value_store.default]\ntype = "spin"\npath = "elsewhere.db"\n'))).not.toThrow();
  });
});
