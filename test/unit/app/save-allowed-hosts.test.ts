import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AllowedHostError, loadManifest, ManifestEditError, ManifestError, saveAllowedHosts } from '../../../runtime/index.js';

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

describe('saveAllowedHosts', () => {
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
