/**
 * The URL a guest's outbound request names, joined from the parts it sent (as `wasi:http`
 * holds them): `scheme://authority` and the path with query, or the path alone for a
 * relative request. Joined here rather than by the dispatcher's parse, whose module loads
 * npm undici, which makes itself the global dispatcher of the tests' own `fetch`.
 */
import type { RequestHead } from '../../runtime/http/index.js';

export function outboundUrl(request: RequestHead): string {
  return request.authority === undefined ? request.pathWithQuery : `${request.scheme ?? 'https'}://${request.authority}${request.pathWithQuery}`;
}
