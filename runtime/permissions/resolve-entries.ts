import { SpinscopeError } from '../errors/spinscope-error.js';
import { isTemplated, parseTemplate, renderTemplate, templateVariables, type Template } from '../variables/template.js';
import { VariableError } from '../variables/variable-error.js';
import { AllowedHostError } from './allowed-host-error.js';
import type { AllowedHostEntry } from './allowed-host-entry.js';
import { rustDebug } from '../errors/rust-debug.js';
import { parseAllowedHost } from './parse-allowed-host.js';
import { parseSpecialHost, isSpecialHost } from './special-host.js';

/** Where variable values come from: a `Map`, `ResolvedVariables`, or a plain record. */
export type VariableValues = { get(name: string): string | undefined } | Readonly<Record<string, string>>;

/** An entry as written: parsed now, or a template to resolve later (spec §6.26). */
export type PartialEntry = { kind: 'exact'; entry: AllowedHostEntry } | { kind: 'template'; template: Template };

const SERVICE_CHAINING_SUFFIX = '.spin.internal';

/**
 * `AllowedHostsConfig::parse_partial` (spec §6.25–26): rejects a lone
 * `insecure:allow-all`, parses literal entries, and defers templated ones.
 * Any literal error makes the whole list invalid.
 */
export function parsePartialEntries(entries: readonly string[]): PartialEntry[] {
  if (entries.length === 1 && entries[0] === 'insecure:allow-all') {
    throw new AllowedHostError({
      entry: 'insecure:allow-all',
      reason: "'insecure:allow-all' is not allowed - use '*://*:*' instead if you really want to allow all outbound traffic'",
    });
  }
  return entries.map((text) => {
    const template = parseEntryTemplate(text);
    return isTemplated(template) ? { kind: 'template', template } : { kind: 'exact', entry: parseAllowedHost(text) };
  });
}

/**
 * Resolves deferred templates with `variables` (spec §14.61) and drops the empty
 * results Spin tolerates (spec §6.27). Throws {@link VariableError} for a variable
 * with no value and {@link AllowedHostError} for a resolved entry that does not parse.
 */
export function resolvePartialEntries(partials: readonly PartialEntry[], variables: VariableValues): AllowedHostEntry[] {
  const lookup = toLookup(variables);
  return partials.flatMap((partial) => {
    if (partial.kind === 'exact') return [partial.entry];
    const resolved = renderTemplate(partial.template, lookup);
    if (resolved === undefined) throw unresolvedVariable(partial.template, lookup);
    const entry = parseOrSkip(resolved);
    return entry ? [{ ...entry, text: partial.template.raw }] : [];
  });
}

/**
 * Load-time validation (spec §14.60): templates whose variables all have defaults
 * must resolve to a valid entry; templates with a required or unknown variable are
 * skipped, so they can only fail at run time.
 */
export function validateEntries(entries: readonly string[], defaults: VariableValues): void {
  const lookup = toLookup(defaults);
  for (const partial of parsePartialEntries(entries)) {
    if (partial.kind === 'exact') continue;
    const resolved = renderTemplate(partial.template, lookup);
    if (resolved === undefined) continue;
    try {
      parseOrSkip(resolved);
    } catch (error) {
      if (!(error instanceof AllowedHostError)) throw error;
      const outer = `using default variable value(s) with template ${rustDebug(partial.template.raw)} results in invalid config ${rustDebug(resolved)}`;
      throw new AllowedHostError({ entry: partial.template.raw, reason: error.reason, context: [outer, ...error.context] });
    }
  }
}

/**
 * spec §6.28: `*.spin.internal` becomes one literal `<id>.spin.internal` per component,
 * keeping scheme and port. Unlike Spin, ids are lower-cased so upper-case KebabIds
 * can be reached (docs/differences-from-spin.md).
 */
export function expandServiceChaining(entries: readonly AllowedHostEntry[], componentIds: readonly string[]): AllowedHostEntry[] {
  return entries.flatMap((entry) => {
    if (entry.host.kind !== 'subdomain' || entry.host.suffix !== SERVICE_CHAINING_SUFFIX) return [entry];
    return componentIds.flatMap((id) => {
      const host = parseSpecialHost(`${id}${SERVICE_CHAINING_SUFFIX}`);
      return isSpecialHost(host) ? [{ ...entry, host: { kind: 'literal' as const, host } }] : [];
    });
  });
}

function parseEntryTemplate(text: string): Template {
  try {
    return parseTemplate(text);
  } catch (error) {
    if (!(error instanceof VariableError)) throw error;
    throw new AllowedHostError({ entry: text, reason: error.message, cause: error });
  }
}

// `PartialAllowedHostConfig::parse_or_skip`: only a *resolved* template may be empty.
function parseOrSkip(resolved: string): AllowedHostEntry | undefined {
  if (resolved === '' || resolved === 'http://' || resolved === 'https://') return undefined;
  return parseAllowedHost(resolved);
}

function toLookup(values: VariableValues): (name: string) => string | undefined {
  if (hasGetter(values)) return (name) => values.get(name);
  return (name) => (Object.hasOwn(values, name) ? values[name] : undefined);
}

function hasGetter(values: VariableValues): values is { get(name: string): string | undefined } {
  return typeof (values as { get?: unknown }).get === 'function';
}

function unresolvedVariable(template: Template, lookup: (name: string) => string | undefined): SpinscopeError {
  const missing = templateVariables(template).find((name) => lookup(name) === undefined) ?? '';
  return new VariableError(
    `allowed_outbound_hosts entry ${rustDebug(template.raw)} uses variable "${missing}", which has no value: ` +
      `declare it under [variables] with a default, or set SPIN_VARIABLE_${missing.toUpperCase()}`,
    { variable: missing, template: template.raw },
  );
}
