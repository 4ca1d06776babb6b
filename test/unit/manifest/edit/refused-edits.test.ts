import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ManifestEditError, ManifestError, setAllowedHosts } from '../../../../runtime/manifest/index.js';

const V1 = readFileSync(fileURLToPath(new URL('../../../fixtures/manifests/valid/v1-app/spin.toml', import.meta.url)), 'utf8');

const APP = `spin_manifest_version = 2

[application]
name = "app"

[[trigger.http]]
route = "/..."
component = "web"

[[trigger.http]]
route = "/inline/..."
component = { source = "inline.wasm" }

[component.web]
source = "web.wasm"
`;

function refusal(text: string, id: string): ManifestEditError {
  try {
    setAllowedHosts(text, 'spin.toml', id, ['https://example.test']);
  } catch (error) {
    if (error instanceof ManifestEditError) return error;
    throw error;
  }
  throw new Error('the edit was not refused');
}

describe('setAllowedHosts refuses what it cannot save', () => {
  it('refuses an unknown component and lists the ones there are', () => {
    const error = refusal(APP, 'wbe');
    expect(error).toMatchObject({ code: 'SPINSCOPE_MANIFEST_EDIT', problem: 'unknown-component', file: 'spin.toml' });
    expect(error.message).toBe(
      'spin.toml: no component "wbe" to save allowed_outbound_hosts into; this app\'s components are "web", "http-trigger1-component"',
    );
  });

  it('refuses a v1 manifest and says spin doctor upgrades it', () => {
    const error = refusal(V1, 'hello');
    expect(error.problem).toBe('v1-manifest');
    expect(error.message).toContain('Run `spin doctor` in the app directory to upgrade it');
  });

  it('refuses a component written inline in its trigger, naming its line', () => {
    const error = refusal(APP, 'http-trigger1-component');
    expect(error).toMatchObject({ problem: 'inline-trigger-component', component: 'http-trigger1-component', line: 12 });
    expect(error.message).toMatch(/^spin\.toml:12: component "http-trigger1-component": .*move it to a \[component\.<id>\] table/);
  });

  it('refuses a manifest Spin would not load with its ManifestError', () => {
    expect(() => setAllowedHosts(APP.replace('source = "web.wasm"', 'sorce = "web.wasm"'), 'spin.toml', 'web', [])).toThrow(ManifestError);
  });

  it('serialises the problem for the bridge', () => {
    expect(refusal(APP, 'nope').toJSON()).toMatchObject({ code: 'SPINSCOPE_MANIFEST_EDIT', name: 'ManifestEditError', problem: 'unknown-component', file: 'spin.toml' });
  });
});
