/** Inbound HTTP: routes, Spin's request headers, and the listener. */
export {
  buildRouter,
  routerWarningMessages,
  syntheticRouteMatch,
  WELL_KNOWN_PREFIX,
  type RouteListing,
  type RouteMatch,
  type RouteOwner,
  type RouteTarget,
  type Router,
  type RouterWarning,
  type TriggerRoute,
} from './router.js';
export {
  CHAINED_CLIENT_ADDR,
  formatSocketAddress,
  prepareRequestHeaders,
  spinHeaders,
  type HeaderPairs,
  type SpinHeaderInput,
} from './spin-headers.js';
export { stripForbiddenHeaders } from './strip-forbidden-headers.js';
export { staticResponseOf } from './static-response.js';
export {
  DEFAULT_LISTEN_ADDRESS,
  parseListenAddress,
  resolveListenAddress,
  type ListenTarget,
  type ResolvedListenAddress,
} from './listen-address.js';
export { startListener, type AppInfo, type Listener, type ListenerOptions, type ServedApp } from './listener.js';
export type { InboundHandler, RoutedRequest } from './inbound-message.js';
export { prepareChainedRequest } from './chained-request.js';
export { parseRequestTarget, type RequestTarget } from './request-target.js';
export { RouteError } from './route-error.js';
export { ListenError } from './listen-error.js';
export { InboundError } from './inbound-error.js';
