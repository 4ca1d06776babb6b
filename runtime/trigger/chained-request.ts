/**
 * spec §10.44: turning a guest's request to `<id>.spin.internal` into the inbound
 * request component `<id>` receives (`OutboundHttpInterceptor::intercept` and
 * `handle_trigger_route` in `crates/trigger-http/src/`). Runs in-process: no
 * socket, no DNS, and no header stripping, since the request never crossed the network.
 */
import type { Request } from '../http/index.js';
import type { RoutedRequest } from './inbound-message.js';
import { parseRequestTarget } from './request-target.js';
import type { Router } from './router.js';
import { CHAINED_CLIENT_ADDR, prepareRequestHeaders } from './spin-headers.js';

/**
 * Builds the request `component` receives from a guest's request to a chaining host, after
 * the policy check and Host removal (spec §13.56): the synthetic `/...` route, so
 * `spin-path-info` is the whole path; scheme `http` even for `https://` URLs; client
 * `0.0.0.0:0`; and `localhost` in `spin-full-url` unless the guest's headers still carry
 * a Host. Throws a RouteError ("unknown routing destination") when `component` is not
 * in the trigger table; Spin turns that into a trap in the caller (spec §10.45).
 */
export function prepareChainedRequest(router: Router, component: string, request: Request<Uint8Array | AsyncIterable<Uint8Array>>): RoutedRequest {
  const { path, pathWithQuery } = parseRequestTarget(request.pathWithQuery);
  const route = router.chain(component, path);
  return {
    method: request.method,
    pathWithQuery,
    scheme: 'http',
    authority: request.authority ?? `${component}.spin.internal`,
    headers: prepareRequestHeaders(request.headers, {
      match: route,
      scheme: 'http',
      pathWithQuery,
      clientAddr: CHAINED_CLIENT_ADDR,
    }),
    body: request.body,
    route,
    clientAddr: CHAINED_CLIENT_ADDR,
  };
}
