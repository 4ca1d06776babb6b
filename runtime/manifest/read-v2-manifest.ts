import type { ComponentManifest, ManifestBody, ManifestWarning } from './app-manifest.js';
import { readApplication } from './read-application.js';
import { readComponent } from './read-component.js';
import { readTriggers } from './read-triggers.js';
import { readVariables } from './read-variables.js';
import { idProblem, suggestId } from './spin-id.js';
import type { TableReader } from './table-reader.js';

/** Top-level fields of a v2 manifest (spec §15.63). */
const MANIFEST_FIELDS = ['spin_manifest_version', 'application', 'variables', 'trigger', 'component'] as const;

/** Reads a `spin_manifest_version = 2` document (spec §15.63–§15.67). */
export function readV2Manifest(root: TableReader, dir: string): { body: ManifestBody; warnings: ManifestWarning[] } {
  root.expectFields(MANIFEST_FIELDS);
  const warnings: ManifestWarning[] = [];
  const application = readApplication(root.requiredTable('application'), warnings);
  const variables = readVariables(root.table('variables'));
  const components = readComponents(root, dir, warnings);
  if (!root.has('trigger')) root.failAt([], 'missing field `trigger`; add at least one [[trigger.http]] with a `route` and a `component`');
  const { httpTriggers, warnings: triggerWarnings } = readTriggers(root.requiredTable('trigger'), components, dir);
  warnings.push(...triggerWarnings);
  return { body: { ...application, variables, components, httpTriggers }, warnings };
}

function readComponents(root: TableReader, dir: string, warnings: ManifestWarning[]): Map<string, ComponentManifest> {
  const components = new Map<string, ComponentManifest>();
  if (Array.isArray(root.raw('component'))) {
    root.failAt(['component'], '`component`: invalid type: sequence, expected a map; [[component]] is manifest v1 syntax, a v2 manifest uses [component.<id>]');
  }
  const table = root.table('component');
  for (const id of table?.keys() ?? []) {
    const problem = idProblem(id, 'kebab');
    if (problem !== undefined) table?.within({ component: id }).failAt([id], problem + renameHint(id));
    const reader = table?.table(id)?.within({ component: id });
    if (reader === undefined) continue;
    const read = readComponent(reader, id, dir, 2);
    components.set(id, read.component);
    warnings.push(...read.warnings);
  }
  return components;
}

function renameHint(id: string): string {
  const fixed = suggestId(id, 'kebab');
  return fixed === undefined ? '' : `; rename it [component.${fixed}] and update the triggers that refer to it`;
}
