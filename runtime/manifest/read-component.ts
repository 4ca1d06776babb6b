import path from 'node:path';
import type { BuildConfig, ComponentManifest, ComponentSource, FileMount, ManifestWarning } from './app-manifest.js';
import { AllowedHttpHostsError } from './compat/allowed-http-hosts-error.js';
import { convertAllowedHttpHosts } from './compat/allowed-http-hosts.js';
import { idProblem, storeLabelProblem } from './spin-id.js';
import { isTable, type TableReader } from './table-reader.js';

/** Fields of a v2 `[component.<id>]`, in Spin's declaration order (spec §15.65). */
const V2_FIELDS = [
  'source',
  'description',
  'variables',
  'environment',
  'files',
  'exclude_files',
  'allowed_http_hosts',
  'allowed_outbound_hosts',
  'key_value_stores',
  'sqlite_databases',
  'ai_models',
  'targets',
  'build',
  'tool',
  'dependencies_inherit_configuration',
  'dependencies',
  'profile',
] as const;

/** Fields of a v1 `[[component]]` (`ComponentV1`). */
const V1_FIELDS = [
  'id',
  'source',
  'trigger',
  'description',
  'config',
  'environment',
  'files',
  'exclude_files',
  'allowed_http_hosts',
  'allowed_outbound_hosts',
  'key_value_stores',
  'sqlite_databases',
  'ai_models',
  'build',
] as const;

// spec §15.66: what a v1 component without `allowed_outbound_hosts` could reach.
const V1_DATABASE_HOSTS = ['redis://*:*', 'mysql://*:*', 'postgres://*:*'];

/** What reading one component gives: the component and any warnings about it. */
export interface ComponentRead {
  readonly component: ComponentManifest;
  readonly warnings: ManifestWarning[];
}

/**
 * Reads one component table, v2 `[component.<id>]` (or an inline one) or v1
 * `[[component]]`, into its v2-normalised form. `reader` must already name the
 * component in its errors; `dir` is the manifest's directory.
 */
export function readComponent(reader: TableReader, id: string, dir: string, version: 1 | 2): ComponentRead {
  reader.expectFields(version === 2 ? V2_FIELDS : V1_FIELDS);
  const warnings: ManifestWarning[] = [];
  const source = readSource(reader, dir);
  const description = reader.string('description');
  const build = readBuild(reader.table('build'));
  const line = reader.line();
  const hostsLine = reader.line(['allowed_outbound_hosts']);
  const storesLine = reader.line(['key_value_stores']);
  const databasesLine = reader.line(['sqlite_databases']);
  const excludeFilesLine = reader.line(['exclude_files']);
  const component: ComponentManifest = {
    id,
    source,
    ...(description !== undefined && { description }),
    allowedOutboundHosts: readHosts(reader, version, warnings),
    variables: readComponentVariables(reader, version),
    environment: reader.stringMap('environment') ?? new Map(),
    files: readFiles(reader),
    excludeFiles: reader.strings('exclude_files') ?? [],
    keyValueStores: readLabels(reader, 'key_value_stores', version),
    sqliteDatabases: readLabels(reader, 'sqlite_databases', version),
    aiModels: reader.strings('ai_models') ?? [],
    ...(build !== undefined && { build }),
    ...(line !== undefined && { line }),
    ...(hostsLine !== undefined && { allowedOutboundHostsLine: hostsLine }),
    ...(storesLine !== undefined && { keyValueStoresLine: storesLine }),
    ...(databasesLine !== undefined && { sqliteDatabasesLine: databasesLine }),
    ...(excludeFilesLine !== undefined && { excludeFilesLine }),
  };
  if (version === 2) {
    readIgnored(reader);
    const dependencies = reader.table('dependencies');
    if (dependencies !== undefined && dependencies.keys().length > 0) {
      warnings.push(reader.warn(['dependencies'], 'component `dependencies` are not composed by Spinscope; the component runs without them'));
    }
  }
  return { component, warnings };
}

function readSource(reader: TableReader, dir: string): ComponentSource {
  const value = reader.raw('source');
  if (value === undefined) return reader.missing('source');
  if (typeof value === 'string') return { kind: 'path', path: path.resolve(dir, value) };
  if (!isTable(value)) return reader.invalidType(['source'], value, 'a path string or a table');
  const table = reader.nested(['source'], value);
  if (table.has('url')) {
    table.expectFields(['url', 'digest']);
    const url = table.requiredString('url');
    const digest = table.requiredString('digest');
    // Spin's loader checks this when it downloads; Spinscope checks it up front.
    if (!digest.startsWith('sha256:')) table.failAt(['digest'], `invalid \`digest\` ${JSON.stringify(digest)}; must start with 'sha256:'`);
    return { kind: 'url', url, digest };
  }
  if (table.has('package')) {
    table.expectFields(['registry', 'package', 'version']);
    const registry = table.string('registry');
    return {
      kind: 'registry',
      ...(registry !== undefined && { registry }),
      package: table.requiredString('package'),
      version: table.requiredString('version'),
    };
  }
  return reader.failAt(
    ['source'],
    '`source` must be a path such as "target/app.wasm", `{ url = "...", digest = "sha256:..." }` or `{ package = "...", version = "..." }`',
  );
}

function readHosts(reader: TableReader, version: 1 | 2, warnings: ManifestWarning[]): string[] {
  const outbound = reader.strings('allowed_outbound_hosts');
  const legacy = reader.strings('allowed_http_hosts') ?? [];
  let converted: string[];
  try {
    converted = convertAllowedHttpHosts(legacy);
  } catch (error) {
    if (!(error instanceof AllowedHttpHostsError)) throw error;
    // spec §12.55: Spin's chain reads "`allowed_http_hosts` is malformed" / the entries.
    throw reader.error(['allowed_http_hosts'], `\`allowed_http_hosts\` is malformed: ${error.message}`, error);
  }
  if (version === 1) return [...(outbound ?? V1_DATABASE_HOSTS), ...converted];
  const merged = [...(outbound ?? []), ...converted];
  if (converted.length > 0) {
    const replace = outbound === undefined ? 'replace it' : 'replace both fields';
    warnings.push(
      reader.warn(
        ['allowed_http_hosts'],
        `\`allowed_http_hosts\` is deprecated; to fix, ${replace} with:\nallowed_outbound_hosts = ${tomlStringArray(merged)}`,
      ),
    );
  }
  return merged;
}

function tomlStringArray(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

function readComponentVariables(reader: TableReader, version: 1 | 2): Map<string, string> {
  const key = version === 2 ? 'variables' : 'config';
  const variables = reader.stringMap(key) ?? new Map<string, string>();
  for (const name of variables.keys()) {
    const problem = idProblem(name, 'lower-snake');
    if (problem === undefined) continue;
    // v1 names go through `id_from_string`, whose error names the id.
    const reason = version === 2 ? problem : `invalid ID \`${name}\`: ${problem}`;
    reader.failAt([key, name], `\`${key}\`: variable ${JSON.stringify(name)}: ${reason}`);
  }
  return variables;
}

function readFiles(reader: TableReader): FileMount[] {
  const value = reader.raw('files');
  if (value === undefined) return [];
  if (!Array.isArray(value)) return reader.invalidType(['files'], value, 'a sequence');
  return value.map((item: unknown, index): FileMount => {
    const line = reader.line(['files', index]);
    const at = line === undefined ? {} : { line };
    if (typeof item === 'string') return { kind: 'pattern', pattern: item, ...at };
    if (!isTable(item)) return reader.invalidType(['files', index], item, 'a glob string or `{ source, destination }`');
    const mount = reader.nested(['files', index], item);
    mount.expectFields(['source', 'destination']);
    return { kind: 'placement', source: mount.requiredString('source'), destination: mount.requiredString('destination'), ...at };
  });
}

function readLabels(reader: TableReader, key: 'key_value_stores' | 'sqlite_databases', version: 1 | 2): string[] {
  const labels = reader.strings(key) ?? [];
  // v1 lists were copied across unchecked; only v2 deserialises them as kebab-or-snake.
  if (version === 2) {
    labels.forEach((label, index) => {
      const problem = storeLabelProblem(key, label);
      if (problem !== undefined) reader.failAt([key, index], problem);
    });
  }
  return labels;
}

function readBuild(build: TableReader | undefined): BuildConfig | undefined {
  if (build === undefined) return undefined;
  build.expectFields(['command', 'workdir', 'watch']);
  const command = build.raw('command');
  let commands: string[];
  if (command === undefined) return build.missing('command');
  if (typeof command === 'string') commands = [command];
  else if (Array.isArray(command)) commands = build.strings('command') ?? [];
  else return build.invalidType(['command'], command, 'a string or a sequence of strings');
  const workdir = build.string('workdir');
  return { command: commands, ...(workdir !== undefined && { workdir }), watch: build.strings('watch') ?? [] };
}

// Fields Spin accepts that Spinscope does not model; their types are still checked.
function readIgnored(reader: TableReader): void {
  reader.boolean('dependencies_inherit_configuration');
  reader.table('tool');
  reader.table('profile');
  const targets = reader.raw('targets');
  if (targets !== undefined && !Array.isArray(targets)) reader.invalidType(['targets'], targets, 'a sequence');
}
