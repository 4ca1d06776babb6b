import { expect } from 'vitest';
import { parseManifest, type AppManifest, type ComponentListField, type ComponentManifest } from '../../../../runtime/manifest/index.js';

/** Where the manifest reader puts each list field of a component. */
export const LIST_PROPERTY = {
  allowed_outbound_hosts: 'allowedOutboundHosts',
  key_value_stores: 'keyValueStores',
  sqlite_databases: 'sqliteDatabases',
} as const satisfies Record<ComponentListField, keyof ComponentManifest>;

/** The manifest as plain data without component `id`'s list `field` and without line numbers (an edit may move lines). */
function withoutList(manifest: AppManifest, id: string, field: ComponentListField): unknown {
  const components = [...manifest.components].map(([name, component]) => {
    if (name !== id) return [name, component];
    const { [LIST_PROPERTY[field]]: _list, ...rest } = component;
    return [name, rest];
  });
  return JSON.parse(
    JSON.stringify({ ...manifest, components }, (key, value: unknown) => {
      if (key === 'line' || key.endsWith('Line')) return undefined;
      return value instanceof Map ? [...value] : value;
    }),
  );
}

/** Asserts that `edited` reads back with exactly `entries` as `id`'s `field` and the rest of `original` unchanged. */
export function expectOnlyListChanged(original: string, edited: string, id: string, field: ComponentListField, entries: readonly string[]): void {
  const before = parseManifest(original, 'spin.toml').manifest;
  const after = parseManifest(edited, 'spin.toml').manifest;
  expect(after.components.get(id)?.[LIST_PROPERTY[field]]).toEqual(entries);
  expect(withoutList(after, id, field)).toEqual(withoutList(before, id, field));
}
