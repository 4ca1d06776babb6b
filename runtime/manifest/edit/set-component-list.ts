import { parseManifest } from '../parse-manifest.js';
import { parseToml } from '../parse-toml.js';
import { isTable, type TomlTable } from '../table-reader.js';
import type { KeyValueSpan } from '../toml-scanner.js';
import { renderArray } from './array-layout.js';
import { locateComponent, type ComponentLocation, type LocatedPair } from './locate-component.js';
import { ManifestEditError } from './manifest-edit-error.js';

/** The string lists of a v2 component that Spinscope saves into spin.toml. */
export type ComponentListField = 'allowed_outbound_hosts' | 'key_value_stores' | 'sqlite_databases';

// A v2 component still accepts the deprecated `allowed_http_hosts` (spec §15.65); no other list has an old name.
const LEGACY_KEYS: Partial<Record<ComponentListField, string>> = { allowed_outbound_hosts: 'allowed_http_hosts' };

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Returns `text` (a v2 `spin.toml` named `file` in messages) with component `id`'s
 * list `field` set to `entries`, raw strings (`{{ var }}` templates in hosts) kept as
 * written. Only that array changes, in its own layout (see `renderArray`); a missing
 * key is added after the component's last field (or inside its inline table), and a
 * legacy `allowed_http_hosts` is replaced by `allowed_outbound_hosts`, as Spin's
 * deprecation warning asks. Entries are not validated here (the caller knows Spin's
 * host and label rules). Text whose list already equals `entries` (or, without the
 * key, empty `entries`) comes back unchanged.
 * Throws {@link ManifestError} for a manifest Spin would refuse and
 * {@link ManifestEditError} for one it cannot edit.
 */
export function setComponentList(text: string, file: string, id: string, field: ComponentListField, entries: readonly string[]): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const source = text.slice(bom.length);
  const table = parseToml(source, file);
  if (table.spin_manifest_version === '1' || table.spin_version === '1') throw v1Manifest(file, field);
  const { manifest } = parseManifest(source, file);
  const component = manifest.components.get(id);
  if (component === undefined) throw unknownComponent(file, id, field, [...manifest.components.keys()]);
  const written = isTable(table.component) ? table.component[id] : undefined;
  if (!isTable(written)) throw inlineTriggerComponent(file, id, field, component.line);
  const legacyKey = LEGACY_KEYS[field];
  const location = locateComponent(source, id, field, legacyKey);
  const current = stringsOf(written[field]);
  // No key and no entries is the same empty list: nothing to write.
  if (location.legacyList === undefined && sameList(current ?? [], entries)) return text;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const legacy = legacyKey === undefined ? undefined : stringsOf(written[legacyKey]);
  const edits = planEdits(source, field, location, { current, legacy }, entries, eol);
  if (edits === undefined) throw noTableToEdit(file, id, field, component.line);
  return bom + applyEdits(source, edits);
}

function planEdits(
  text: string,
  field: ComponentListField,
  location: ComponentLocation,
  values: { current: readonly string[] | undefined; legacy: readonly string[] | undefined },
  entries: readonly string[],
  eol: string,
): Edit[] | undefined {
  const { list, legacyList } = location;
  if (list !== undefined) {
    const replace = replaceValue(text, list, values.current ?? [], entries, eol);
    return legacyList === undefined ? [replace] : [replace, removePair(text, legacyList, location)];
  }
  if (legacyList !== undefined) {
    // Renaming the legacy key in place keeps its position, layout and comments.
    const written = text.slice(legacyList.keyStart, legacyList.keyEnd);
    const renamed = written.replace(/(?:allowed_http_hosts|"allowed_http_hosts"|'allowed_http_hosts')$/, field);
    return [{ start: legacyList.keyStart, end: legacyList.keyEnd, text: renamed }, replaceValue(text, legacyList, values.legacy ?? [], entries, eol)];
  }
  const array = renderArray(text, { start: 0, end: 0, elements: [] }, entries, eol);
  const inline = location.inlineTable;
  const last = inline?.pairs.at(-1);
  if (inline !== undefined && last !== undefined) {
    const second = inline.pairs[1];
    const separator = second === undefined ? ', ' : text.slice(inline.pairs[0]?.valueEnd ?? 0, second.keyStart);
    return [{ start: last.valueEnd, end: last.valueEnd, text: `${separator}${field}${assignment(text, last)}${array}` }];
  }
  const after = location.lastPair;
  if (after !== undefined) {
    const lineStart = text.lastIndexOf('\n', after.keyStart - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, after.keyStart))?.[0] ?? '';
    const line = `${indent}${componentKeyPrefix(text, after)}${field}${assignment(text, after)}${array}`;
    return [insertLineAfter(text, after.valueEnd, line, eol)];
  }
  if (location.header !== undefined) return [insertLineAfter(text, location.header, `${field} = ${array}`, eol)];
  return undefined;
}

function replaceValue(text: string, pair: LocatedPair, values: readonly string[], entries: readonly string[], eol: string): Edit {
  const elements = pair.elements.map((element, index) => ({ ...element, value: values[index] ?? '' }));
  const array = { start: pair.valueStart, end: pair.valueEnd, elements };
  return { start: pair.valueStart, end: pair.valueEnd, text: renderArray(text, array, entries, eol) };
}

// A pair on its own line goes with its line and comment; one in an inline table with its separator.
function removePair(text: string, pair: KeyValueSpan, location: ComponentLocation): Edit {
  const pairs = location.inlineTable?.pairs ?? [];
  const index = pairs.findIndex((candidate) => candidate.keyStart === pair.keyStart);
  if (!pair.inline || index < 0) {
    const start = text.lastIndexOf('\n', pair.keyStart - 1) + 1;
    const end = text.indexOf('\n', pair.valueEnd);
    return { start, end: end < 0 ? text.length : end + 1, text: '' };
  }
  const previous = pairs[index - 1];
  const next = pairs[index + 1];
  if (previous !== undefined) return { start: previous.valueEnd, end: pair.valueEnd, text: '' };
  return { start: pair.keyStart, end: next === undefined ? pair.valueEnd : next.keyStart, text: '' };
}

/** The text between a pair's key and its value, `" = "` as most write it. */
function assignment(text: string, pair: KeyValueSpan): string {
  return text.slice(pair.keyEnd, pair.valueStart);
}

// `source = ...` under [component.<id>] needs no prefix; `<id>.source` under [component] needs `<id>.`.
function componentKeyPrefix(text: string, pair: KeyValueSpan): string {
  const parts = 2 - pair.table.length;
  if (parts <= 0) return '';
  const key = text.slice(pair.keyStart, pair.keyEnd);
  let dots = 0;
  let quote = '';
  for (let i = 0; i < key.length; i++) {
    const char = key[i] ?? '';
    if (quote !== '') {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '.' && ++dots === parts) return `${key.slice(0, i).trimEnd()}.`;
  }
  return '';
}

function insertLineAfter(text: string, offset: number, line: string, eol: string): Edit {
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) return { start: text.length, end: text.length, text: `${eol}${line}${eol}` };
  return { start: lineEnd + 1, end: lineEnd + 1, text: `${line}${eol}` };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, edit) => out.slice(0, edit.start) + edit.text + out.slice(edit.end), text);
}

function stringsOf(value: TomlTable[string]): readonly string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function v1Manifest(file: string, field: ComponentListField): ManifestEditError {
  return new ManifestEditError(
    'v1-manifest',
    `this is a version 1 manifest (\`spin_manifest_version = "1"\`, \`[[component]]\`); Spinscope saves ${field} only into a version 2 manifest. ` +
      'Run `spin doctor` in the app directory to upgrade it (it keeps a spin.toml.v1_backup), then save again',
    { file },
  );
}

function unknownComponent(file: string, id: string, field: ComponentListField, known: readonly string[]): ManifestEditError {
  const list = known.length === 0 ? 'this app has no components' : `this app's components are ${known.map((name) => `"${name}"`).join(', ')}`;
  return new ManifestEditError('unknown-component', `no component "${id}" to save ${field} into; ${list}`, { file });
}

function inlineTriggerComponent(file: string, id: string, field: ComponentListField, line: number | undefined): ManifestEditError {
  return new ManifestEditError(
    'inline-trigger-component',
    `this component is written inline in its trigger (\`component = { source = ... }\`) and has no id of its own in spin.toml to save ${field} under; ` +
      'move it to a [component.<id>] table, point the trigger at that id, and save again',
    { file, component: id, ...(line !== undefined && { line }) },
  );
}

function noTableToEdit(file: string, id: string, field: ComponentListField, line: number | undefined): ManifestEditError {
  return new ManifestEditError(
    'no-table-to-edit',
    `found no [component.${id}] table or \`${id}.source\` key to add ${field} to; add \`${field} = []\` to the component by hand, then save again`,
    { file, component: id, ...(line !== undefined && { line }) },
  );
}
