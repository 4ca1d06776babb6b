/**
 * The request headers as they went out: those undici wrote in the head, as its
 * `sendHeaders` diagnostics message has them (`host`, `connection`, then the headers it
 * was given), followed by the body's framing header, which undici writes after that
 * message as `writeH1` decides (lib/dispatcher/client-h1.js).
 */
import type { Dispatcher } from 'undici';
import type { HeaderList } from '../api/events.js';

/** The headers of `head` (`METHOD path HTTP/1.1\r\nname: value\r\n...`), then `framing` if any. */
export function sentHeaderPairs(head: string, framing: readonly [string, string] | undefined): HeaderList {
  const pairs: [string, string][] = [];
  // After the request line, each header is `name: value\r\n`, as undici writes it.
  let start = head.indexOf('\r\n') + 2;
  for (let end = head.indexOf('\r\n', start); end > start; start = end + 2, end = head.indexOf('\r\n', start)) {
    const colon = head.indexOf(':', start);
    if (colon > start && colon < end) pairs.push([head.slice(start, colon), head.slice(colon + 2, end)]);
  }
  if (framing !== undefined) pairs.push([framing[0], framing[1]]);
  return pairs;
}

// Methods whose requests undici frames with `content-length: 0` when they have no body.
const EXPECTS_PAYLOAD = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

/**
 * The framing header undici writes for a request: `content-length` for bytes (and `0` for
 * no body where the method expects one), for a stream the length the guest gave or else
 * `transfer-encoding: chunked`. undici takes a `content-length` it is given as the length
 * rather than as a header; `headers` are the guest's.
 */
export function framingHeader(method: string, body: Dispatcher.DispatchOptions['body'], headers: HeaderList): [string, string] | undefined {
  const streamed = body !== null && body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array);
  let length: number | null;
  if (!streamed) length = body === null || body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  else {
    const given = headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    length = given === undefined ? null : Number.parseInt(given, 10);
  }
  if (length === 0 && !EXPECTS_PAYLOAD.has(method)) length = null;
  if (length === null) return streamed ? ['transfer-encoding', 'chunked'] : undefined;
  return ['content-length', String(length)];
}
