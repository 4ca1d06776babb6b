import { rustDebug } from '../errors/rust-debug.js';
import type { AppManifest, ComponentManifest } from '../manifest/app-manifest.js';
import { ManifestError } from '../manifest/manifest-error.js';
import type { StoreLayout } from './store-layout.js';

/**
 * Spin's load-time checks that every component's `key_value_stores` and
 * `sqlite_databases` label is defined, over all components. The key-value check comes
 * first and reports one label (crates/factor-key-value/src/lib.rs, `configure_app`);
 * the SQLite one lists every offender (crates/factor-sqlite/src/lib.rs,
 * `ensure_allowed_databases_are_configured`). Throws a {@link ManifestError} at the line
 * of the first offending list.
 */
export function checkStoreLabels(manifest: AppManifest, layout: StoreLayout): void {
  for (const component of manifest.components.values()) {
    const label = component.keyValueStores.find((store) => !layout.keyValueStores.has(store));
    if (label !== undefined) {
      throw new ManifestError(
        `unknown key_value_stores label ${rustDebug(label)} for component ${rustDebug(component.id)}; define it as [key_value_store.${label}] in a runtime config file (--runtime-config-file)`,
        at(manifest, component, component.keyValueStoresLine),
      );
    }
  }

  const offenders = [...manifest.components.values()].flatMap((component) =>
    [...new Set(component.sqliteDatabases)].filter((label) => !layout.sqliteDatabases.has(label)).map((label) => ({ component, label })),
  );
  const first = offenders[0];
  if (first === undefined) return;
  const lines = [
    'One or more components use SQLite databases which are not defined.',
    'Check the spelling, or pass a runtime configuration file that defines these stores.',
    'See https://spinframework.dev/dynamic-configuration#sqlite-storage-runtime-configuration',
    'Details:',
    ...offenders.map(({ component, label }) => `- Component ${component.id} uses database '${label}'`),
  ];
  throw new ManifestError(lines.join('\n'), at(manifest, first.component, first.component.sqliteDatabasesLine));
}

function at(manifest: AppManifest, component: ComponentManifest, line: number | undefined) {
  return { file: manifest.file, component: component.id, ...(line !== undefined && { line }) };
}
