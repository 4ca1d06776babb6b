/** The `wasi:http/types` variants for a method and a scheme, and headers as `wasi:http` field entries. */

/** `variant method` */
export type Method = { tag: 'get' | 'head' | 'post' | 'put' | 'delete' | 'connect' | 'options' | 'trace' | 'patch' } | { tag: 'other'; val: string };

/** `variant scheme` */
export type Scheme = { tag: 'HTTP' } | { tag: 'HTTPS' } | { tag: 'other'; val: string };

const KNOWN_METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch']);

/** `GET` -> `{ tag: 'get' }`; methods are case-sensitive, so `get` becomes `other`. */
export function methodToWit(method: string): Method {
  const lower = method.toLowerCase();
  return method === method.toUpperCase() && KNOWN_METHODS.has(lower)
    ? ({ tag: lower } as Method)
    : { tag: 'other', val: method };
}

/** `{ tag: 'get' }` -> `GET`. */
export function methodFromWit(method: Method): string {
  return method.tag === 'other' ? method.val : method.tag.toUpperCase();
}

/** `http` -> `{ tag: 'HTTP' }`. */
export function schemeToWit(scheme: string): Scheme {
  if (scheme === 'http') return { tag: 'HTTP' };
  if (scheme === 'https') return { tag: 'HTTPS' };
  return { tag: 'other', val: scheme };
}

/** Header values as `wasi:http` field values. */
export function headersToWit(headers: [string, string][]): [string, Uint8Array][] {
  return headers.map(([name, value]) => [name, Buffer.from(value, 'latin1')]);
}

/** `wasi:http` field entries as header name/value strings. */
export function headersFromWit(entries: [string, Uint8Array][]): [string, string][] {
  return entries.map(([name, value]) => [name, Buffer.from(value).toString('latin1')]);
}
