/**
 * Interceptor: spec §10.44–45 local service chaining. A request to
 * `<component-id>.spin.internal` that passed the policy is handled in process by that
 * component, through a hook the app injects: no socket, no DNS, and `dispatcher/`
 * never imports the trigger.
 */
import type { Dispatcher } from 'undici';
import type { ByteQueue, Request, Response } from '../../http/index.js';
import { serviceChainingTarget } from '../../permissions/index.js';
import { contextOf, targetOf, type OutboundTarget } from '../outbound-context.js';
import { abandonResponse, MemoryController, replayResponse } from '../memory-dispatch.js';
import { UnknownChainingTargetError } from '../outbound-errors.js';
import { requestHeaderPairs } from '../dispatch-headers.js';
import type { HeaderList } from '../../api/events.js';

/** Where a chained request sits in its caller's trace. */
export interface ChainTrace {
  readonly traceId: string;
  /** The caller's `outbound.request` event. */
  readonly parentId: string;
  /** The calling component. */
  readonly from: string;
}

/**
 * Hands a request to a component's HTTP handler in process. Resolves to `undefined`
 * when no `[[trigger.http]]` (public or private) has that component (spec §10.45).
 */
export type DispatchInbound = (
  componentId: string,
  request: Request<Uint8Array | AsyncIterable<Uint8Array>>,
  trace: ChainTrace,
) => Promise<Response<Uint8Array | ByteQueue> | undefined>;

/** What `onRequestStart` receives as context for a chained request, so observers can tell a hop from a connection. */
export interface ChainedRequestContext {
  readonly chainedTo: string;
  /** The headers the component is handed (no `Host`: spec §13.57). */
  readonly headers: HeaderList;
}

/** Options for {@link routeChaining}. */
export interface RouteChainingOptions {
  readonly dispatchInbound: DispatchInbound;
}

/** Answers `<id>.spin.internal` requests from component `<id>`; anything else goes on to the network. */
export function routeChaining(options: RouteChainingOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function chain(opts, handler) {
      const target = targetOf(opts);
      // spec §10.44: the component a `<id>.spin.internal` authority names, if it does.
      const chainedTo = target.authority === undefined ? undefined : serviceChainingTarget(target.authority);
      if (chainedTo === undefined) return dispatch(opts, handler);
      const controller = new MemoryController();
      const headers = requestHeaderPairs(opts.headers);
      const context: ChainedRequestContext = { chainedTo, headers };
      handler.onRequestStart?.(controller, context);
      void dispatchInMemory(options.dispatchInbound, chainedTo, target, opts, headers, controller, handler);
      return true;
    };
}

async function dispatchInMemory(
  dispatchInbound: DispatchInbound,
  chainedTo: string,
  target: OutboundTarget,
  opts: Dispatcher.DispatchOptions,
  headers: [string, string][],
  controller: MemoryController,
  handler: Dispatcher.DispatchHandler,
): Promise<void> {
  const caller = contextOf(opts);
  try {
    const request: Request<Uint8Array | AsyncIterable<Uint8Array>> = {
      method: opts.method,
      pathWithQuery: target.path,
      // spec §10.44: the chained request is plain HTTP and keeps its `<id>.spin.internal` authority (§13.57).
      scheme: 'http',
      authority: target.authority,
      headers,
      body: chainedBody(opts.body),
    };
    const response = await dispatchInbound(chainedTo, request, { traceId: caller.traceId, parentId: caller.requestId, from: caller.component });
    if (controller.aborted) {
      if (response !== undefined) abandonResponse(response);
      handler.onResponseError?.(controller, controller.reason ?? new Error('aborted'));
    } else if (response === undefined) {
      handler.onResponseError?.(controller, new UnknownChainingTargetError({ url: target.url, component: caller.component, target: chainedTo }));
    } else {
      await replayResponse(controller, handler, response);
    }
  } catch (error) {
    handler.onResponseError?.(controller, error instanceof Error ? error : new Error(String(error)));
  }
}

/** The caller's body for the chained component: bytes, or a stream it reads as the caller writes it. */
function chainedBody(body: Dispatcher.DispatchOptions['body']): Uint8Array | AsyncIterable<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new Uint8Array(Buffer.from(body));
  if (body instanceof Uint8Array) return body;
  if (Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  throw new TypeError('a chained request body must be bytes, a string or a stream');
}
