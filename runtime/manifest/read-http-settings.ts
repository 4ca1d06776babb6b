import type { HttpRoute, HttpTrigger, ManifestWarning } from './app-manifest.js';
import { isTable, type TableReader } from './table-reader.js';

/** The executor types Spin's HTTP trigger knows (`HttpExecutorType`, `spin` being an alias of `http`). */
export type HttpExecutor = NonNullable<HttpTrigger['executor']>;

/**
 * Reads a trigger's `route` (spec §15.64): a string as written (the router makes it
 * absolute), or a table that must be exactly `{ private = true }` (spec §10.46).
 * `lookupKey` (the component or trigger id) names the trigger in Spin's
 * `{ private = false }` message.
 */
export function readRoute(trigger: TableReader, lookupKey: string): HttpRoute {
  const value = trigger.raw('route');
  if (value === undefined) return trigger.missing('route');
  if (typeof value === 'string') return { kind: 'path', pattern: value };
  if (!isTable(value)) return trigger.invalidType(['route'], value, "a route string or '{ private = true }'");
  const endpoint = trigger.nested(['route'], value);
  endpoint.expectFields(['private']);
  const isPrivate = endpoint.boolean('private') ?? endpoint.missing('private');
  if (!isPrivate) {
    endpoint.failAt(
      ['private'],
      `route must be a string pattern or '{ private = true }': '${lookupKey}' has { private = false }`,
    );
  }
  return { kind: 'private' };
}

/** Reads `executor = { type = "http" | "spin" | "wagi", ... }` (spin's `HttpExecutorType`). */
export function readExecutor(trigger: TableReader): HttpExecutor | undefined {
  const executor = trigger.table('executor');
  if (executor === undefined) return undefined;
  const type = executor.requiredString('type');
  if (type === 'http' || type === 'spin') {
    executor.expectFields(['type']);
    return type;
  }
  if (type === 'wagi') {
    executor.expectFields(['type', 'entrypoint', 'argv']);
    executor.string('entrypoint');
    executor.string('argv');
    return type;
  }
  return executor.failAt(['type'], `unknown variant \`${type}\`, expected \`http\` or \`wagi\``);
}

/**
 * Reads the app-wide HTTP trigger settings (`[application.trigger.http]`, or a v1
 * `trigger = { type = "http", ... }`), whose only field is the deprecated `base`
 * (spec §15.64): `/` is accepted with Spin's warning, anything else is an error.
 */
export function readHttpBase(settings: TableReader | undefined, fields: readonly string[], warnings: ManifestWarning[]): string {
  if (settings === undefined) return '/';
  settings.expectFields(fields);
  const base = settings.string('base');
  if (base === undefined) return '/';
  if (base !== '/') {
    settings.failAt(
      ['base'],
      "This application is using the deprecated trigger 'base' field. The base must be prepended to each [[trigger.http]]'s 'route'.",
    );
  }
  warnings.push(
    settings.warn(['base'], "This application has the deprecated trigger 'base' set to the default value '/'. This may be an error in the future!"),
  );
  return base;
}
