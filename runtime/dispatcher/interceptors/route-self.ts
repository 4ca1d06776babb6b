/**
 * Interceptor: spec §9.42 self requests. After the policy check, a relative request
 * (no authority, or host `self.alt`) is rewritten to the app's own listener,
 * `<origin-scheme>://<listener-address><path?query>`, and goes out over loopback
 * like any other request; it is not handled in process.
 */
import type { Dispatcher } from 'undici';
import { contextOf, originTarget, targetOf, type OutboundDispatchOptions } from '../outbound-context.js';
import { failDispatch } from '../fail-dispatch.js';
import { NoSelfOriginError } from '../outbound-errors.js';

/** The app's listener origin, e.g. `http://127.0.0.1:3000`; a function when it is only known once listening. */
export type SelfOrigin = string | (() => string | undefined);

/** Options for {@link routeSelf}. */
export interface RouteSelfOptions {
  /** Absent when the app has no HTTP listener (spec §9.42: then self requests fail). */
  readonly selfOrigin?: SelfOrigin | undefined;
}

/** Sends relative requests to the app's own origin; with none, fails them with {@link NoSelfOriginError}. */
export function routeSelf(options: RouteSelfOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function routeToSelf(opts, handler) {
      const target = targetOf(opts);
      if (!target.relative) return dispatch(opts, handler);
      const origin = typeof options.selfOrigin === 'function' ? options.selfOrigin() : options.selfOrigin;
      if (origin === undefined) {
        return failDispatch(handler, new NoSelfOriginError({ url: target.url, component: contextOf(opts).component }));
      }
      // From here on the request goes to the app's own origin, and every step reads that target.
      const spinscope = { ...contextOf(opts), target: originTarget(origin, target.path) };
      return dispatch({ ...opts, origin, spinscope } as OutboundDispatchOptions, handler);
    };
}
