import type { ComponentManifest, HttpTrigger, ManifestWarning, StaticResponse } from './app-manifest.js';
import { readComponent } from './read-component.js';
import { readExecutor, readRoute } from './read-http-settings.js';
import { idProblem } from './spin-id.js';
import { isTable, type TableReader } from './table-reader.js';
import type { TomlPath } from './toml-locator.js';

/** Fields of `[[trigger.http]]`: Spin's `Trigger` plus its `HttpTriggerConfig` (spec §15.64). */
const HTTP_TRIGGER_FIELDS = ['id', 'component', 'components', 'dependencies', 'route', 'static_response', 'executor'] as const;

type ComponentSpec =
  | { kind: 'reference'; id: string; at: TomlPath }
  | { kind: 'inline'; reader: TableReader; at: TomlPath };

interface Trigger {
  readonly type: string;
  readonly reader: TableReader;
  id: string;
  component?: ComponentSpec;
  components: ComponentSpec[];
}

/** The app's HTTP triggers, and the warnings reading all `[[trigger.*]]` produced. */
export interface TriggersRead {
  readonly httpTriggers: HttpTrigger[];
  readonly warnings: ManifestWarning[];
}

/**
 * Reads every `[[trigger.<type>]]` and normalises them as Spin's `normalize_manifest`
 * does (spec §15.67): generated trigger ids, then inline components moved into
 * `components` (which this adds to) under generated ids. Only HTTP triggers are
 * returned; other types are checked for their component references and reported
 * as not run.
 */
export function readTriggers(triggers: TableReader, components: Map<string, ComponentManifest>, dir: string): TriggersRead {
  const warnings: ManifestWarning[] = [];
  const all = triggers.keys().flatMap((type) => readTriggersOfType(triggers, type, warnings));
  assignTriggerIds(all);
  for (const trigger of all) moveInlineComponents(trigger, components, dir, warnings);
  for (const trigger of all) checkReferences(trigger, components);
  const httpTriggers = all.filter((trigger) => trigger.type === 'http').map((trigger) => readHttpTrigger(trigger, warnings));
  return { httpTriggers, warnings };
}

function readTriggersOfType(triggers: TableReader, type: string, warnings: ManifestWarning[]): Trigger[] {
  const list = triggers.raw(type);
  if (!Array.isArray(list)) return triggers.invalidType([type], list, `a sequence (write the trigger as [[trigger.${type}]])`);
  if (type !== 'http' && list.length > 0) {
    warnings.push(triggers.warn([type], `Spinscope runs HTTP triggers only; the ${list.length} [[trigger.${type}]] trigger(s) will not run`));
  }
  return list.map((item: unknown, index): Trigger => {
    if (!isTable(item)) return triggers.invalidType([type, index], item, 'a map');
    const reader = triggers.nested([type, index], item).within({ context: `[[trigger.${type}]] #${index + 1}: ` });
    if (type === 'http') reader.expectFields(HTTP_TRIGGER_FIELDS);
    const component = reader.has('component') ? readSpec(reader, ['component'], reader.raw('component')) : undefined;
    return {
      type,
      reader,
      id: reader.string('id') ?? '',
      ...(component !== undefined && { component }),
      components: readComponentsField(reader),
    };
  });
}

// `components = { role = "id" | { inline } | [ ... ] }`, Spin's `OneOrManyComponentSpecs`.
function readComponentsField(reader: TableReader): ComponentSpec[] {
  const roles = reader.table('components');
  if (roles === undefined) return [];
  return roles.keys().flatMap((role) => {
    const value = roles.raw(role);
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.map((item, index) => readSpec(reader, Array.isArray(value) ? ['components', role, index] : ['components', role], item));
  });
}

function readSpec(reader: TableReader, at: TomlPath, value: unknown): ComponentSpec {
  if (typeof value === 'string') {
    const problem = idProblem(value, 'kebab');
    const field = at.filter((part) => typeof part === 'string').join('.');
    if (problem !== undefined) reader.failAt(at, `\`${field}\`: ${JSON.stringify(value)}: ${problem}`);
    return { kind: 'reference', id: value, at };
  }
  if (isTable(value)) return { kind: 'inline', reader: reader.nested(at, value), at };
  return reader.invalidType(at, value, 'a component id or an inline component table');
}

// spec §15.67 (`normalize_trigger_ids`): `<component>-<type>-trigger`, else `<type>-trigger<N>`.
function assignTriggerIds(triggers: Trigger[]): void {
  const taken = new Set(triggers.map((trigger) => trigger.id));
  const counters = new Map<string, number>();
  for (const trigger of triggers) {
    if (trigger.id !== '') continue;
    if (trigger.component?.kind === 'reference') {
      const natural = `${trigger.component.id}-${trigger.type}-trigger`;
      if (!taken.has(natural)) {
        trigger.id = natural;
        taken.add(natural);
        continue;
      }
    }
    let counter = counters.get(trigger.type) ?? 1;
    while (taken.has(`${trigger.type}-trigger${counter}`)) counter += 1;
    counters.set(trigger.type, counter);
    trigger.id = `${trigger.type}-trigger${counter}`;
    taken.add(trigger.id);
  }
}

// spec §15.67 (`normalize_inline_components`): `<trigger-id>-component`, else `inline-component<N>`.
function moveInlineComponents(
  trigger: Trigger,
  components: Map<string, ComponentManifest>,
  dir: string,
  warnings: ManifestWarning[],
): void {
  const several = specsOf(trigger).length > 1;
  let counter = 1;
  const move = (spec: ComponentSpec): ComponentSpec => {
    if (spec.kind !== 'inline') return spec;
    let id = `${trigger.id}-component`;
    if (several || idProblem(id, 'kebab') !== undefined || components.has(id)) {
      while (components.has(`inline-component${counter}`)) counter += 1;
      id = `inline-component${counter}`;
    }
    const read = readComponent(spec.reader.within({ component: id, context: '' }), id, dir, 2);
    components.set(id, read.component);
    warnings.push(...read.warnings);
    return { kind: 'reference', id, at: spec.at };
  };
  if (trigger.component !== undefined) trigger.component = move(trigger.component);
  trigger.components = trigger.components.map(move);
}

function specsOf(trigger: Trigger): ComponentSpec[] {
  return [...(trigger.component === undefined ? [] : [trigger.component]), ...trigger.components];
}

function checkReferences(trigger: Trigger, components: ReadonlyMap<string, ComponentManifest>): void {
  for (const spec of specsOf(trigger)) {
    if (spec.kind !== 'reference' || components.has(spec.id)) continue;
    const known = [...components.keys()].map((id) => JSON.stringify(id)).join(', ');
    trigger.reader.failAt(
      spec.at,
      `component ${JSON.stringify(spec.id)} is not defined; add a [component.${spec.id}] table` +
        (known === '' ? '' : `, or refer to one of ${known}`),
    );
  }
}

function readHttpTrigger(trigger: Trigger, warnings: ManifestWarning[]): HttpTrigger {
  const { reader } = trigger;
  const staticTable = reader.table('static_response');
  const component = trigger.component?.kind === 'reference' ? trigger.component.id : undefined;
  // Spin's `HttpTriggerConfig::lookup_key`.
  if (component === undefined && staticTable === undefined) {
    reader.failAt([], `Triggers must specify either component or static_response - ${trigger.id} has neither`);
  }
  if (component !== undefined && staticTable !== undefined) {
    reader.failAt(['static_response'], `Triggers must specify either component or static_response - ${trigger.id} has both`);
  }
  const route = readRoute(reader, component ?? trigger.id);
  const executor = readExecutor(reader);
  if (executor === 'wagi' && component !== undefined) {
    warnings.push(reader.warn(['executor'], `HTTP ${describe(route, component)} uses the WAGI executor, which Spinscope does not run`));
  }
  const dependencies = reader.table('dependencies');
  if (dependencies !== undefined && dependencies.keys().length > 0) {
    warnings.push(reader.warn(['dependencies'], 'trigger `dependencies` (middleware) are not composed by Spinscope; requests go straight to the component'));
  }
  const line = reader.line();
  const common = { id: trigger.id, route, ...(executor !== undefined && { executor }), ...(line !== undefined && { line }) };
  if (component !== undefined) return { ...common, component };
  const staticResponse = readStaticResponse(staticTable!);
  if (staticResponse.status < 100 || staticResponse.status > 999) {
    warnings.push(
      staticTable!.warn(['status_code'], `status_code ${staticResponse.status} is not an HTTP status (100-999): Spin drops every connection routed to ${trigger.id}`),
    );
  }
  return { ...common, staticResponse };
}

// Spin's `StaticResponse` (crates/http/src/config.rs) has no `deny_unknown_fields`: other keys are ignored.
function readStaticResponse(table: TableReader): StaticResponse {
  const body = table.string('body');
  return {
    status: readU16(table, 'status_code') ?? 200,
    headers: [...(table.stringMap('headers') ?? [])],
    ...(body !== undefined && { body }),
  };
}

function readU16(table: TableReader, key: string): number | undefined {
  const value = table.raw(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'bigint') return table.invalidType([key], value, 'u16');
  if (value < 0n || value > 65_535n) return table.failAt([key], `\`${table.field(key)}\`: invalid value: integer \`${value}\`, expected u16`);
  return Number(value);
}

function describe(route: HttpTrigger['route'], component: string): string {
  return route.kind === 'path' ? `route ${route.pattern}` : `private endpoint for ${component}`;
}
