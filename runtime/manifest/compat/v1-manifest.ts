import type { ComponentManifest, HttpTrigger, ManifestBody, ManifestWarning } from '../app-manifest.js';
import { readComponent } from '../read-component.js';
import { readExecutor, readHttpBase, readRoute } from '../read-http-settings.js';
import { readVariables } from '../read-variables.js';
import { idProblem } from '../spin-id.js';
import { isTable, type TableReader } from '../table-reader.js';

/** Top-level fields of a v1 manifest (`AppManifestV1`); `spin_version` is an alias. */
const V1_MANIFEST_FIELDS = ['spin_manifest_version', 'name', 'version', 'description', 'authors', 'trigger', 'variables', 'component'] as const;

/**
 * Reads a `spin_manifest_version = "1"` document and converts it to the v2 form as
 * Spin's `v1_to_v2_app` does (spec §15.66): component ids normalised, one trigger
 * `trigger-<id>` per component, `config` as component `variables`, and database
 * hosts granted to components without `allowed_outbound_hosts`.
 */
export function readV1Manifest(root: TableReader, dir: string): { body: ManifestBody; warnings: ManifestWarning[] } {
  root.expectFields(V1_MANIFEST_FIELDS, ['spin_version']);
  const warnings: ManifestWarning[] = [];
  const name = root.requiredString('name');
  const version = root.string('version');
  const description = root.string('description');
  const authors = root.strings('authors') ?? [];
  const trigger = root.requiredTable('trigger');
  const triggerType = trigger.requiredString('type');
  const httpBase = triggerType === 'http' ? readHttpBase(trigger, ['type', 'base'], warnings) : '/';
  const variables = readVariables(root.table('variables'), (id, reason) => `invalid ID \`${id}\`: ${reason}`);
  const components = new Map<string, ComponentManifest>();
  const httpTriggers: HttpTrigger[] = [];
  for (const entry of componentEntries(root)) {
    const id = componentId(entry);
    if (components.has(id)) entry.failAt(['id'], `cannot have duplicate component IDs: ${id}`);
    const reader = entry.within({ component: id, context: '' });
    const read = readComponent(reader, id, dir, 1);
    components.set(id, read.component);
    warnings.push(...read.warnings);
    const config = reader.requiredTable('trigger');
    if (triggerType !== 'http') continue;
    config.expectFields(['route', 'executor']);
    const route = readRoute(config, id);
    const executor = readExecutor(config);
    const line = reader.line();
    httpTriggers.push({ id: `trigger-${id}`, route, component: id, ...(executor !== undefined && { executor }), ...(line !== undefined && { line }) });
  }
  if (triggerType !== 'http') {
    warnings.push(trigger.warn(['type'], `Spinscope runs HTTP triggers only; this app's ${JSON.stringify(triggerType)} triggers will not run`));
  }
  return {
    body: {
      name,
      ...(version !== undefined && version !== '' && { version }),
      ...(description !== undefined && description !== '' && { description }),
      authors,
      variables,
      components,
      httpTriggers,
      httpBase,
    },
    warnings,
  };
}

function componentEntries(root: TableReader): TableReader[] {
  const list = root.raw('component');
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    return root.invalidType(['component'], list, 'a sequence; a v1 manifest lists components as [[component]] with an `id`');
  }
  return list.map((item: unknown, index) => {
    if (!isTable(item)) return root.invalidType(['component', index], item, 'a map');
    return root.nested(['component', index], item).within({ context: `[[component]] #${index + 1}: ` });
  });
}

// Spin's `component_id_from_string`: fix `under_scores` and `mixedCase`, then insist on a KebabId.
function componentId(entry: TableReader): string {
  const raw = entry.requiredString('id');
  if (idProblem(raw, 'kebab') === undefined) return raw;
  const fixed = raw.replace(/_/g, '-').toLowerCase();
  const problem = idProblem(fixed, 'kebab');
  if (problem !== undefined) entry.failAt(['id'], `invalid ID \`${fixed}\`: ${problem}`);
  return fixed;
}
