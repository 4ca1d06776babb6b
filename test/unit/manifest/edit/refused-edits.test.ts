import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ManifestEditError, ManifestError, setComponentList, type ComponentListField } from '../../../../runtime/manifest/index.js';

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

function refusal(text: string, id: string, field: ComponentListField = 'allowed_outbound_hosts'): ManifestEditError {
  try {
    setComponentList(text, 'spin.toml', id, field, field === 'allowed_outbound_hosts' ? ['https://example.test'] : ['default']);
  } catch (error) {
    if (error instanceof ManifestEditError) return error;
    throw error;
  }
  throw new Error('the edit was not refused');
}

describe('setComponentList refuses what it cannot save', () => {
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
    expect(error.message).toContain('to save allowed_outbound_hosts under');
  });

  it('refuses a manifest Spin would not load with its ManifestError', () => {
    expect(() => setComponentList(APP.replace('source = "web.wasm"', 'sorce = "web.wasm"'), 'spin.toml', 'web', 'allowed_outbound_hosts', [])).toThrow(ManifestError);
  });

  it('serialises the problem for the bridge', () => {
    expect(refusal(APP, 'nope').toJSON()).toMatchObject({ code: 'SPINSCOPE_MANIFEST_EDIT', name: 'ManifestEditError', problem: 'unknown-component', file: 'spin.toml' });
  });
});

describe.each(['key_value_stores', 'sqlite_databases'] as const)('saving %s refuses the same manifests, naming the field', (field) => {
  it('refuses an unknown component', () => {
    expect(refusal(APP, 'wbe', field).message).toBe(
      `spin.toml: no component "wbe" to save ${field} into; this app's components are "web", "http-trigger1-component"`,
    );
  });

  it('refuses a v1 manifest', () => {
    const error = refusal(V1, 'hello', field);
    expect(error.problem).toBe('v1-manifest');
    expect(error.message).toContain(`Spinscope saves ${field} only into a version 2 manifest`);
  });

  it('refuses a component written inline in its trigger', () => {
    const error = refusal(APP, 'http-trigger1-component', field);
    expect(error).toMatchObject({ problem: 'inline-trigger-component', line: 12 });
    expect(error.message).toContain(`has no id of its own in spin.toml to save ${field} under`);
  });

  it('refuses a manifest whose written labels Spin would not load', () => {
    const text = APP.replace('source = "web.wasm"', `source = "web.wasm"\n${field} = ["my store"]`);
    expect(() => setComponentList(text, 'spin.toml', 'web', field, ['default'])).toThrow(`\`${field}\`: "my store": expected kebab-case or snake_case`);
  });
});
