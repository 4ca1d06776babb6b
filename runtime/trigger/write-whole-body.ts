import type { ServerResponse } from 'node:http';
import type { HeaderPairs } from './spin-headers.js';

/**
 * Sends a response whose body is known whole, framed as hyper frames Spin's `Full` and
 * `Empty` bodies (hyper 1.10 `proto/h1/role.rs`, `Server::encode`): a `content-length`,
 * never `transfer-encoding: chunked`. An empty body is hyper's end of stream: any
 * `content-length` the response carries is dropped (kept for HEAD) and `content-length: 0`
 * is added where a length may be implied. A non-empty one keeps the first `content-length`
 * it carries, or gets its own. Statuses and methods that allow no length get none.
 *
 * @throws {TypeError | RangeError} from Node for a status or header Spin's `http` crate
 * would also refuse (the caller then drops the connection, as Spin does).
 */
export function writeWholeBody(res: ServerResponse, method: string, status: number, headers: HeaderPairs, body: Uint8Array): void {
  const isLength = ([name]: readonly [string, string]): boolean => name.toLowerCase() === 'content-length';
  let framed: HeaderPairs;
  if (body.byteLength === 0) {
    framed = method === 'HEAD' ? headers : headers.filter((header) => !isLength(header));
    if (!framed.some(isLength) && mayHaveImpliedZeroLength(method, status)) framed = [...framed, ['content-length', '0']];
  } else {
    const first = headers.findIndex(isLength);
    framed = headers.filter((header, index) => !isLength(header) || index === first);
    if (first < 0 && mayHaveLength(method, status)) framed = [...framed, ['content-length', String(body.byteLength)]];
  }
  res.writeHead(status, framed.flat());
  res.end(body);
}

/** hyper's `can_have_content_length`. */
function mayHaveLength(method: string, status: number): boolean {
  const informational = status >= 100 && status < 200;
  const connected = method === 'CONNECT' && status >= 200 && status < 300;
  return !informational && !connected && status !== 204 && status !== 304;
}

/** hyper's `can_have_implicit_zero_content_length`. */
function mayHaveImpliedZeroLength(method: string, status: number): boolean {
  return mayHaveLength(method, status) && method !== 'HEAD';
}
