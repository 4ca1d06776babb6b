import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseManifest, setComponentList, type ComponentListField } from '../../../../runtime/manifest/index.js';
import { expectOnlyListChanged, LIST_PROPERTY } from './edit-support.js';

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

const ADDED: Record<ComponentListField, string> = {
  allowed_outbound_hosts: 'https://added.example.test',
  key_value_stores: 'added-store',
  sqlite_databases: 'added_database',
};

/**
 * Components written in [component] (not inline in a trigger) of a v2 manifest, with each list as written;
 * allowed_outbound_hosts only where no legacy allowed_http_hosts is written (saving replaces that key).
 */
function editableLists(text: string): { id: string; field: ComponentListField; written: string[] | undefined }[] {
  const table = parse(text) as { spin_manifest_version?: unknown; component?: Record<string, Record<string, unknown>> };
  if (table.spin_manifest_version !== 2) return [];
  return Object.entries(table.component ?? {}).flatMap(([id, component]) =>
    (Object.keys(ADDED) as ComponentListField[])
      .filter((field) => field !== 'allowed_outbound_hosts' || component['allowed_http_hosts'] === undefined)
      .map((field) => ({ id, field, written: component[field] as string[] | undefined })),
  );
}

describe('saving a component\'s current list changes nothing', () => {
  it('covers the example and the fixture manifests, and each list field written in them', () => {
    const perManifest = MANIFESTS.map((file) => editableLists(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(perManifest.filter((lists) => lists.length > 0).length).toBeGreaterThan(15);
    const lists = perManifest.flat();
    for (const field of Object.keys(ADDED)) expect(lists.filter((list) => list.field === field && list.written !== undefined).length).toBeGreaterThan(2);
  });

  it.each(MANIFESTS)('%s', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const { manifest } = parseManifest(text, file);
    for (const { id, field } of editableLists(text)) {
      expect(setComponentList(text, file, id, field, manifest.components.get(id)?.[LIST_PROPERTY[field]] ?? [])).toBe(text);
    }
  });

  it.each(MANIFESTS)('%s: adding an entry and removing it again restores the file', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const { id, field, written } of editableLists(text)) {
      if (written === undefined) continue;
      const added = setComponentList(text, file, id, field, [...written, ADDED[field]]);
      expectOnlyListChanged(text, added, id, field, [...written, ADDED[field]]);
      expect(setComponentList(added, file, id, field, written)).toBe(text);
    }
  });
});
