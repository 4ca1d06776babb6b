/**
 * The flags `spin up` places an app's key-value stores and SQLite databases with, shared
 * by `spinscope up` and `spinscope ui`, and the lines Spin prints about them at startup.
 */
import { relative } from 'node:path';
import type { LoadedApp, StartOptions } from '../app/index.js';
import { parseSqliteStatementArgs } from '../runtime-config/index.js';
import { exampleStateDir } from '../session/index.js';
import type { StoreLocation } from '../storage/index.js';

export const STORE_OPTIONS = {
  'runtime-config-file': { type: 'string' },
  'state-dir': { type: 'string' },
  sqlite: { type: 'string', multiple: true },
} as const;

/** The parsed values of {@link STORE_OPTIONS}. */
export interface StoreFlagValues {
  readonly 'runtime-config-file'?: string;
  readonly 'state-dir'?: string;
  readonly sqlite?: readonly string[];
}

/**
 * Start options from the flags (`RUNTIME_CONFIG_FILE` in the environment stands for the
 * flag, as in Spin), for `manifestFile` when known (the bundled example keeps its data in
 * the user's state directory). Relative paths resolve against the working directory, as
 * Spin's do.
 * Throws UsageError for a malformed `--sqlite @file:label`.
 */
export function storeStartOptions(values: StoreFlagValues, env: NodeJS.ProcessEnv, manifestFile?: string): Pick<StartOptions, 'runtimeConfigFile' | 'stateDir' | 'sqliteStatements' | 'cwd'> {
  const runtimeConfigFile = values['runtime-config-file'] ?? env['RUNTIME_CONFIG_FILE'];
  const stateDir = values['state-dir'] ?? (manifestFile === undefined ? undefined : exampleStateDir(manifestFile, env));
  return {
    cwd: process.cwd(),
    ...(runtimeConfigFile === undefined || runtimeConfigFile === '' ? {} : { runtimeConfigFile }),
    ...(stateDir === undefined ? {} : { stateDir }),
    ...(values.sqlite === undefined ? {} : { sqliteStatements: parseSqliteStatementArgs(values.sqlite) }),
  };
}

/**
 * What `spin up` says about where data goes, for the defaults a component uses
 * (crates/trigger/src/cli/summary.rs): `Storing default key-value data to "<file>".`
 */
export function storeSummaryLines(app: LoadedApp): string[] {
  const components = [...app.manifest.components.values()];
  const lines: string[] = [];
  if (components.some((component) => component.keyValueStores.includes('default'))) {
    lines.push(`Storing default key-value data to ${where(app.stores.keyValueStores.get('default'), 'a temporary in-memory store')}.`);
  }
  if (components.some((component) => component.sqliteDatabases.includes('default'))) {
    lines.push(`Storing default SQLite data to ${where(app.stores.sqliteDatabases.get('default')?.location, 'a temporary in-memory database')}.`);
  }
  return lines;
}

function where(location: StoreLocation | undefined, inMemory: string): string {
  return location?.kind === 'file' ? `"${relative(process.cwd(), location.path) || location.path}"` : inMemory;
}
