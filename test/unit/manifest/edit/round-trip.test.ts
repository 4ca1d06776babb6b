import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseManifest, setAllowedHosts } from '../../../../runtime/manifest/index.js';
import { expectOnlyHostsChanged } from './edit-support.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function manifestsUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.toml'))
    .map((name) => path.join(dir, name));
}

const MANIFESTS = [
  'resources/examples/hello-spinscope/spin.toml',
  'test/fixtures/apps/bad-allowed-host/spin.toml',
  ...manifestsUnder('test/fixtures/manifests/valid'),
  ...manifestsUnder('test/fixtures/manifests/edit'),
];

/** Components written in [component] (not inline in a trigger) of a v2 manifest, with their list as written. */
function editableComponents(text: string): { id: string; written: string[] | undefined; legacy: boolean }[] {
  const table = parse(text) as { spin_manifest_version?: unknown; component?: Record<string, Record<string, unknown>> };
  if (table.spin_manifest_version !== 2) return [];
  return Object.entries(table.component ?? {}).map(([id, component]) => ({
    id,
    written: component['allowed_outbound_hosts'] as string[] | undefined,
    legacy: component['allowed_http_hosts'] !== undefined,
  }));
}

describe('saving a component\'s current allowed_outbound_hosts changes nothing', () => {
  it('covers the example and the fixture manifests', () => {
    expect(MANIFESTS.filter((file) => editableComponents(readFileSync(path.join(ROOT, file), 'utf8')).length > 0).length).toBeGreaterThan(15);
  });

  it.each(MANIFESTS)('%s', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const { manifest } = parseManifest(text, file);
    for (const { id } of editableComponents(text).filter((component) => !component.legacy)) {
      expect(setAllowedHosts(text, file, id, manifest.components.get(id)?.allowedOutboundHosts ?? [])).toBe(text);
    }
  });

  it.each(MANIFESTS)('%s: adding an entry and removing it again restores the file', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const { id, written } of editableComponents(text).filter((component) => component.written !== undefined && !component.legacy)) {
      const entries = written ?? [];
      const added = setAllowedHosts(text, file, id, [...entries, 'https://added.example.test']);
      expectOnlyHostsChanged(text, added, id, [...entries, 'https://added.example.test']);
      expect(setAllowedHosts(added, file, id, entries)).toBe(text);
    }
  });
});
