import type { Dispatcher } from 'undici';
import { newEventId, newTraceId } from '../events/index.js';

/** Who is sending an outbound request, and where it sits in a trace. Carried on the dispatch options. */
export interface OutboundContext {
  /** The calling component's id; its `allowed_outbound_hosts` decide. */
  readonly component: string;
  /** The trace of the inbound request being served. */
  readonly traceId: string;
  /** The event this request belongs under (the inbound request being served). */
  readonly parentId?: string | undefined;
  /** The id the `outbound.request` event takes, so later hops can name it as their parent. */
  readonly requestId: string;
}

/**
 * Dispatch options for the outbound dispatcher: undici's, plus the context. `origin` may
 * be absent for a relative request (spec §9.40); `routeSelf` fills it in.
 */
export interface OutboundDispatchOptions extends Dispatcher.DispatchOptions {
  readonly spinscope: OutboundContext;
  /** Milliseconds to establish the connection (TCP and TLS), for `ConnectTimeoutAgents`; Spin's 600 s when unset. */
  readonly connectTimeout?: number;
}

/**
 * The context on `opts`. A request without one comes from no known component, so
 * `enforcePolicy` denies it: nothing reaches the network unattributed.
 */
export function contextOf(opts: Dispatcher.DispatchOptions): OutboundContext {
  if ('spinscope' in opts) return (opts as OutboundDispatchOptions).spinscope;
  return { component: '', traceId: newTraceId(), requestId: newEventId() };
}
