/**
 * The rules file, `.spinscope/rules.toml` (docs/rules.md): `[[rule]]` tables read into
 * `OutboundRule`s, and the checks every list of rules passes before it is put in force,
 * whether it comes from the file or from the inspector.
 */
import { parse, TomlError } from 'smol-toml';
import type { OutboundRule, RuleAction, RuleFailure } from '../api/contract.js';
import { TomlLocator } from '../manifest/toml-locator.js';
import { RulesError } from './rules-error.js';
import { compileUrlPattern } from './url-pattern.js';

const FAILURES: readonly RuleFailure[] = ['dns-error', 'connection-refused', 'connection-timeout', 'connection-reset'];
const ACTIONS: readonly RuleAction['kind'][] = ['stub', 'delay', 'fail', 'throttle', 'pass'];
const MATCH_FIELDS = ['name', 'enabled', 'component', 'method', 'url', 'action'];
const ACTION_FIELDS: Readonly<Record<RuleAction['kind'], readonly string[]>> = {
  stub: ['status', 'headers', 'body', 'body_file'],
  delay: ['ms'],
  fail: ['error', 'after_bytes'],
  throttle: ['bytes_per_second'],
  pass: [],
};
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Where a rule's fields are written, for messages: a field's line, else the rule's. */
export type LineOf = (index: number, field?: string) => number | undefined;

/** A rules file's rules, and where each is written. */
export interface ParsedRules {
  readonly rules: OutboundRule[];
  readonly lineOf: LineOf;
}

/** Reads the rules in `text`, the contents of `file`; throws RulesError naming file:line and the rule. */
export function parseRules(text: string, file: string): ParsedRules {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    throw new RulesError({ file, line }, `not valid TOML: ${message}`, { cause: error });
  }
  const locator = TomlLocator.scan(text);
  const lineOf: LineOf = (index, field) => locator.locate(field === undefined ? ['rule', index] : ['rule', index, field])?.line;
  const unknown = Object.keys(document).find((key) => key !== 'rule');
  if (unknown !== undefined) throw new RulesError({ file, line: locator.locate([unknown])?.line }, `unknown key "${unknown}"; a rules file holds only [[rule]] tables`);
  const tables = document.rule ?? [];
  if (!Array.isArray(tables)) throw new RulesError({ file, line: locator.locate(['rule'])?.line }, 'rule must be an array of tables: write each rule under its own [[rule]] header');
  const rules = tables.map((table, index) => ruleOf(table as Record<string, unknown>, index, file, lineOf));
  checkRules(rules, file, lineOf);
  return { rules, lineOf };
}

/** Checks `rules` (as the inspector sends them) as the file loader would; throws RulesError naming the rule. */
export function checkRules(rules: readonly OutboundRule[], file: string, lineOf: LineOf = () => undefined): void {
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const where = (field?: string) => ({ file, line: lineOf(index, field), rule: rule.name === '' ? `rule ${index + 1}` : `rule "${rule.name}"`, field });
    if (rule.name.trim() === '') throw new RulesError(where('name'), 'the name is empty; give every rule a name unique in the file');
    if (seen.has(rule.name)) throw new RulesError(where('name'), 'another rule has this name; names must be unique in the file');
    seen.add(rule.name);
    try {
      compileUrlPattern(rule.match.url);
    } catch (error) {
      throw new RulesError(where('url'), (error as Error).message);
    }
    if (rule.match.method !== undefined && !TOKEN.test(rule.match.method)) throw new RulesError(where('method'), `"${rule.match.method}" is not an HTTP method; write e.g. "GET", or leave method out for every method`);
    if (rule.match.component !== undefined && rule.match.component === '') throw new RulesError(where('component'), 'the component is empty; write a component id, or leave component out for every component');
    const problem = actionProblem(rule.action);
    if (problem !== undefined) throw new RulesError(where(problem.field), problem.message);
  });
}

function ruleOf(table: Record<string, unknown>, index: number, file: string, lineOf: LineOf): OutboundRule {
  const named = typeof table.name === 'string' && table.name !== '' ? `rule "${table.name}"` : `rule ${index + 1}`;
  const fail = (message: string, field?: string): never => {
    throw new RulesError({ file, line: lineOf(index, field), rule: named, field }, message);
  };
  const kind = table.action;
  if (kind === undefined) fail(`no action; write action = ${ACTIONS.map((action) => `"${action}"`).join(', ')}`);
  if (!ACTIONS.includes(kind as RuleAction['kind'])) fail(`action ${JSON.stringify(kind)} is unknown; write one of ${ACTIONS.map((action) => `"${action}"`).join(', ')}`, 'action');
  const action = kind as RuleAction['kind'];
  const allowed = [...MATCH_FIELDS, ...ACTION_FIELDS[action]];
  const unknown = Object.keys(table).find((key) => !allowed.includes(key));
  if (unknown !== undefined) fail(`unknown field "${unknown}" for action "${action}"; it takes ${allowed.join(', ')}`, unknown);
  const text = (field: string, required: boolean): string | undefined => {
    const value = table[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') return fail(value === undefined ? `no ${field}; write ${field} = "..."` : `${field} must be a string`, field);
    return value;
  };
  const integer = (field: string, required: boolean): number | undefined => {
    const value = table[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(value === undefined ? `no ${field}; write ${field} = <a whole number>` : `${field} must be a whole number`, field);
    return value;
  };
  const enabled = table.enabled ?? true;
  if (typeof enabled !== 'boolean') fail('enabled must be true or false', 'enabled');
  const component = text('component', false);
  const method = text('method', false);
  return {
    name: text('name', true) ?? '',
    enabled: enabled as boolean,
    match: { url: text('url', true) ?? '', ...(component === undefined ? {} : { component }), ...(method === undefined ? {} : { method: method.toUpperCase() }) },
    action: actionOf(action, table, text, integer, (message, field) => fail(message, field)),
  };
}

function actionOf(
  kind: RuleAction['kind'],
  table: Record<string, unknown>,
  text: (field: string, required: boolean) => string | undefined,
  integer: (field: string, required: boolean) => number | undefined,
  fail: (message: string, field: string) => never,
): RuleAction {
  switch (kind) {
    case 'stub': {
      const body = text('body', false);
      const bodyFile = text('body_file', false);
      const headers = headersOf(table.headers, fail);
      return { kind, status: integer('status', true) ?? 200, ...(headers === undefined ? {} : { headers }), ...(body === undefined ? {} : { body }), ...(bodyFile === undefined ? {} : { bodyFile }) };
    }
    case 'delay':
      return { kind, ms: integer('ms', true) ?? 0 };
    case 'fail': {
      const afterBytes = integer('after_bytes', false);
      return { kind, error: text('error', true) as RuleFailure, ...(afterBytes === undefined ? {} : { afterBytes }) };
    }
    case 'throttle':
      return { kind, bytesPerSecond: integer('bytes_per_second', true) ?? 0 };
    case 'pass':
      return { kind };
  }
}

/** `headers = { name = "value" }`, or `[["name", "value"], ...]` for a name sent twice. */
function headersOf(value: unknown, fail: (message: string, field: string) => never): [string, string][] | undefined {
  if (value === undefined) return undefined;
  const shape = 'headers must be a table of strings ({ "content-type" = "text/plain" }) or a list of ["name", "value"] pairs';
  if (Array.isArray(value)) {
    return value.map((pair) => (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string' ? [pair[0], pair[1]] : fail(shape, 'headers')));
  }
  if (typeof value !== 'object' || value === null) return fail(shape, 'headers');
  return Object.entries(value).map(([name, header]) => (typeof header === 'string' ? [name, header] : fail(shape, 'headers')));
}

function actionProblem(action: RuleAction): { field: string; message: string } | undefined {
  switch (action.kind) {
    case 'stub': {
      if (!Number.isInteger(action.status) || action.status < 100 || action.status > 599) return { field: 'status', message: `status ${action.status} is not an HTTP status; write 100 to 599` };
      if (action.body !== undefined && action.bodyFile !== undefined) return { field: 'body_file', message: 'a stub has body or body_file, not both' };
      const badHeader = (action.headers ?? []).find(([name, value]) => !TOKEN.test(name) || /[\r\n\0]/.test(value));
      if (badHeader !== undefined) return { field: 'headers', message: `header ${JSON.stringify(badHeader[0])} is not a valid header name and value` };
      return undefined;
    }
    case 'delay':
      return Number.isInteger(action.ms) && action.ms >= 0 && action.ms <= 600_000 ? undefined : { field: 'ms', message: `ms = ${action.ms}: write a delay from 0 to 600000 milliseconds` };
    case 'fail':
      if (!FAILURES.includes(action.error)) return { field: 'error', message: `error ${JSON.stringify(action.error)} is unknown; write one of ${FAILURES.map((failure) => `"${failure}"`).join(', ')}` };
      if (action.afterBytes !== undefined && action.error !== 'connection-reset') return { field: 'after_bytes', message: 'after_bytes is for error = "connection-reset" only' };
      return action.afterBytes === undefined || (Number.isInteger(action.afterBytes) && action.afterBytes >= 0) ? undefined : { field: 'after_bytes', message: 'after_bytes must be 0 or more' };
    case 'throttle':
      return Number.isInteger(action.bytesPerSecond) && action.bytesPerSecond > 0 ? undefined : { field: 'bytes_per_second', message: 'bytes_per_second must be a whole number above 0' };
    case 'pass':
      return undefined;
  }
}
