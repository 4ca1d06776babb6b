import type { Dispatcher } from 'undici';

/** Headers as undici's v2 hooks deliver them (`onResponseStart`, `onResponseEnd` trailers). */
export type ResponseHeaders = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];

/** Any of undici's accepted request header shapes as name/value pairs, in order. */
export function requestHeaderPairs(headers: Dispatcher.DispatchOptions['headers']): [string, string][] {
  if (headers === undefined || headers === null) return [];
  if (Array.isArray(headers)) {
    // undici's flat form: name, value, name, value...
    const flat = headers as string[];
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), String(flat[i + 1])]);
    return pairs;
  }
  const entries: Iterable<[string, string | string[] | undefined]> =
    Symbol.iterator in headers ? (headers as Iterable<[string, string | string[] | undefined]>) : Object.entries(headers);
  const pairs: [string, string][] = [];
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, String(one)]);
  }
  return pairs;
}

/** Pairs in undici's flat `[name, value, ...]` form, which keeps order and repeats. */
export function flatHeaders(pairs: readonly (readonly [string, string])[]): string[] {
  return pairs.flatMap(([name, value]) => [name, value]);
}

/**
 * Response headers as pairs: from the controller's raw headers when undici kept them
 * (order and case as sent), else from the parsed object.
 */
export function responseHeaderPairs(controller: Dispatcher.DispatchController, headers: ResponseHeaders): [string, string][] {
  const raw = controller.rawHeaders;
  if (Array.isArray(raw)) {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([latin1(raw[i]!), latin1(raw[i + 1]!)]);
    return pairs;
  }
  return requestHeaderPairs(headers as Record<string, string | string[]>);
}

/** An object-form header map, as `onResponseStart` delivers, from pairs. */
export function headerObject(pairs: readonly (readonly [string, string])[]): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const existing = object[key];
    object[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return object;
}

function latin1(value: string | Buffer): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}
