/**
 * Interceptor: spec §13.56. Spin's `prepare_request` removes any `Host` header from
 * every outbound request (absolute, self and chained alike); the HTTP client then
 * sends the URI's authority, so a guest-supplied `Host` never reaches the network.
 */
import type { Dispatcher } from 'undici';
import { flatHeaders, requestHeaderPairs } from '../dispatch-headers.js';

/** Removes every `Host` header, whatever its case. */
export function stripHostHeader(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function stripHost(opts, handler) {
      const headers = requestHeaderPairs(opts.headers);
      const kept = headers.filter(([name]) => name.toLowerCase() !== 'host');
      if (kept.length === headers.length) return dispatch(opts, handler);
      return dispatch({ ...opts, headers: flatHeaders(kept) }, handler);
    };
}
