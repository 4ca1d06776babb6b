import { expect } from 'vitest';
import { parseManifest, type AppManifest } from '../../../../runtime/manifest/index.js';

/** The manifest with component `id`'s host list (and where it and later keys are written) left out, to compare the rest. */
function withoutHosts(manifest: AppManifest, id: string): unknown {
  const components = [...manifest.components].map(([name, component]) => {
    if (name !== id) return [name, component];
    const {
      allowedOutboundHosts: _hosts,
      allowedOutboundHostsLine: _line,
      keyValueStoresLine: _stores,
      sqliteDatabasesLine: _databases,
      line: _header,
      ...rest
    } = component;
    return [name, rest];
  });
  return { ...manifest, components };
}

/** Asserts that `edited` reads back with exactly `entries` for `id` and the rest of `original` unchanged. */
export function expectOnlyHostsChanged(original: string, edited: string, id: string, entries: readonly string[]): void {
  const before = parseManifest(original, 'spin.toml').manifest;
  const after = parseManifest(edited, 'spin.toml').manifest;
  expect(after.components.get(id)?.allowedOutboundHosts).toEqual(entries);
  expect(withoutHosts(after, id)).toEqual(withoutHosts(before, id));
}
