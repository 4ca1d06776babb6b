/**
 * spec §10.44: turning a guest's request to `<id>.spin.internal` into the inbound
 * request component `<id>` receives (`OutboundHttpInterceptor::intercept` and
 * `handle_trigger_route` in `crates/trigger-http/src/`). Runs in-process: no
 * socket, no DNS, and no header stripping, since the request never crossed the network.
 */
import type { RoutedRequest } from './inbound-message.js';
import { parseRequestTarget } from './request-target.js';
import type { Router } from './router.js';
import { CHAINED_CLIENT_ADDR, prepareRequestHeaders, type HeaderPairs } from './spin-headers.js';

/** A guest's outbound request to a chaining host, after the policy check and Host removal (spec §13.56). */
export interface ChainedRequestInput {
  readonly method: string;
  /** The absolute URL as the guest sent it, e.g. `http://backend.spin.internal/api?x=1`. */
  readonly url: string;
  readonly headers: HeaderPairs;
  /** The body whole, or arriving as the caller writes it. */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
}

/**
 * Builds the request `component` receives: the synthetic `/...` route, so
 * `spin-path-info` is the whole path; scheme `http` even for `https://` URLs; client
 * `0.0.0.0:0`; and `localhost` in `spin-full-url` unless the guest's headers still carry
 * a Host. Throws a RouteError ("unknown routing destination") when `component` is not
 * in the trigger table; Spin turns that into a trap in the caller (spec §10.45).
 */
export function prepareChainedRequest(router: Router, component: string, input: ChainedRequestInput): RoutedRequest {
  const target = parseRequestTarget(input.url);
  const route = router.chain(component, target.path);
  return {
    method: input.method,
    pathWithQuery: target.pathWithQuery,
    scheme: 'http',
    authority: target.authority ?? `${component}.spin.internal`,
    headers: prepareRequestHeaders(input.headers, {
      match: route,
      scheme: 'http',
      pathWithQuery: target.pathWithQuery,
      clientAddr: CHAINED_CLIENT_ADDR,
    }),
    body: input.body,
    route,
    clientAddr: CHAINED_CLIENT_ADDR,
  };
}
