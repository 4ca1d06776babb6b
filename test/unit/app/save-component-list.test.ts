import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AllowedHostError, loadManifest, ManifestEditError, ManifestError, saveComponentList, type ComponentListField } from '../../../runtime/index.js';

const MANIFEST = `spin_manifest_version = 2

[application]
name = "app"

[variables]
api_host = { default = "api.example.test" }

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = "web.wasm"
allowed_outbound_hosts = ["https://{{ api_host }}"] # the API
key_value_stores = ["default"]
`;

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'spinscope-save-'));
  file = path.join(dir, 'spin.toml');
  await writeFile(file, MANIFEST);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function saveAllowedHosts(manifestFile: string, id: string, entries: readonly string[]): Promise<string> {
  return saveComponentList(manifestFile, id, 'allowed_outbound_hosts', entries);
}

describe('saveComponentList of allowed_outbound_hosts', () => {
  it('writes the new entries and loadManifest reads them back', async () => {
    const saved = await saveAllowedHosts(file, 'web', ['https://{{ api_host }}', 'https://cdn.example.test']);
    expect(await readFile(file, 'utf8')).toBe(saved);
    expect(saved).toBe(MANIFEST.replace('["https://{{ api_host }}"]', '["https://{{ api_host }}", "https://cdn.example.test"]'));
    expect((await loadManifest(file)).manifest.components.get('web')?.allowedOutboundHosts).toEqual(['https://{{ api_host }}', 'https://cdn.example.test']);
  });

  it('leaves no temporary file beside the manifest and keeps its mode', async () => {
    await chmod(file, 0o640);
    await saveAllowedHosts(file, 'web', ['https://cdn.example.test']);
    expect(await readdir(dir)).toEqual(['spin.toml']);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('writes through a symlinked spin.toml, keeping the link', async () => {
    const link = path.join(dir, 'linked.toml');
    await symlink(file, link);
    await saveAllowedHosts(link, 'web', ['https://cdn.example.test']);
    expect((await readFile(file, 'utf8')).includes('https://cdn.example.test')).toBe(true);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(link, 'utf8')).toBe(await readFile(file, 'utf8'));
  });

  it("refuses an invalid entry with Spin's message and leaves the file alone", async () => {
    const error = await saveAllowedHosts(file, 'web', ['https://ok.example.test', 'example.test']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AllowedHostError);
    expect(error).toMatchObject({ entry: 'example.test' });
    expect((error as AllowedHostError).summary).toMatch(/^"example\.test" does not contain a scheme/);
    expect(await readFile(file, 'utf8')).toBe(MANIFEST);
  });

  it('refuses a template whose default value makes an invalid entry', async () => {
    const error = await saveAllowedHosts(file, 'web', ['https://{{ api_host }}:{{ api_host }}']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AllowedHostError);
    expect((error as AllowedHostError).summary).toContain('using default variable value(s) with template');
  });

  it('refuses an unknown component', async () => {
    await expect(saveAllowedHosts(file, 'api', [])).rejects.toBeInstanceOf(ManifestEditError);
  });

  it('names the file it cannot read', async () => {
    await expect(saveAllowedHosts(path.join(dir, 'missing.toml'), 'web', [])).rejects.toBeInstanceOf(ManifestError);
  });
});

describe.each(['key_value_stores', 'sqlite_databases'] as const)('saveComponentList of %s', (field: ComponentListField) => {
  const property = field === 'key_value_stores' ? 'keyValueStores' : 'sqliteDatabases';

  it('adds the label and loadManifest reads it back', async () => {
    const saved = await saveComponentList(file, 'web', field, ['default', 'user_data']);
    expect(await readFile(file, 'utf8')).toBe(saved);
    expect((await loadManifest(file)).manifest.components.get('web')?.[property]).toEqual(['default', 'user_data']);
    expect(await readdir(dir)).toEqual(['spin.toml']);
  });

  it('leaves a file that already holds the labels untouched', async () => {
    const current = field === 'key_value_stores' ? ['default'] : [];
    const before = await stat(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await saveComponentList(file, 'web', field, current)).toBe(MANIFEST);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it("refuses a label that is neither kebab-case nor snake_case with the manifest reader's message, before any edit", async () => {
    const error = await saveComponentList(file, 'web', field, ['default', 'user-data_v2']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect(error).toMatchObject({ file, component: 'web', detail: `\`${field}\`: "user-data_v2": expected kebab-case or snake_case` });
    // The line of the key the label goes into, else of the component's table.
    expect((error as ManifestError).line).toBe(field === 'key_value_stores' ? 16 : 13);
    expect(await readFile(file, 'utf8')).toBe(MANIFEST);
  });

  it('takes a label no runtime config defines: that is the caller\'s check', async () => {
    await saveComponentList(file, 'web', field, ['undefined-label']);
    expect((await loadManifest(file)).manifest.components.get('web')?.[property]).toEqual(['undefined-label']);
  });

  it('refuses an unknown component, naming the field', async () => {
    await expect(saveComponentList(file, 'api', field, ['default'])).rejects.toThrow(`no component "api" to save ${field} into`);
  });
});
