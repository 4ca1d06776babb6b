/**
 * The adapter between the engine and the dispatcher: the `PerformOutbound` a request hands
 * the engine, which sends the guest's requests through the outbound dispatcher and answers
 * with a response (its body streamed as it arrives) or the `wasi:http` error code the guest
 * should see.
 */
import type { Dispatcher } from 'undici';
import type { OutboundResult, PerformOutbound } from '../http/index.js';
import { newEventId, newTraceId } from '../events/index.js';
import { DispatchedBody } from './dispatched-body.js';
import { flatHeaders, responseHeaderPairs, type ResponseHeaders } from './dispatch-headers.js';
import { guestErrorCode } from './guest-error-code.js';
import { dispatchBody } from './request-body.js';
import { UnknownChainingTargetError } from './outbound-errors.js';
import { outboundTarget, type OutboundContext, type OutboundDispatchOptions } from './outbound-context.js';
import { SPIN_DEFAULT_TIMEOUT_MS } from './spin-timeouts.js';

/** Where the caller's current inbound request sits in its trace. */
export interface TraceParent {
  readonly traceId: string;
  /** The `inbound.request` event being served. */
  readonly parentId?: string;
}

/**
 * The outbound requests `component` makes while serving the inbound request at `trace`,
 * sent through `dispatcher`; without a trace, each starts a trace of its own.
 */
export function performOutboundWith(dispatcher: Dispatcher, component: string, trace?: TraceParent): PerformOutbound {
  return (request) =>
    new Promise<OutboundResult>((resolve) => {
      // Parsed once: the policy check, the routing and undici all read this target.
      const target = outboundTarget(request);
      if (target === undefined) {
        resolve({ error: { tag: 'HTTP-request-URI-invalid' } });
        return;
      }
      // Plain literals, no spreads: every hook below reads these objects, and a
      // conditional spread here made the dispatch several microseconds slower.
      const context: OutboundContext = {
        component,
        traceId: trace?.traceId ?? newTraceId(),
        parentId: trace?.parentId,
        requestId: newEventId(),
        target,
      };
      const opts: OutboundDispatchOptions = {
        path: target.path,
        method: request.method,
        headers: flatHeaders(request.headers),
        body: dispatchBody(request.body),
        // Spin's connect, first-byte and between-bytes timeouts (request-options, default 600 s).
        connectTimeout: request.timeouts?.connectMs ?? SPIN_DEFAULT_TIMEOUT_MS,
        headersTimeout: request.timeouts?.firstByteMs ?? SPIN_DEFAULT_TIMEOUT_MS,
        bodyTimeout: request.timeouts?.betweenBytesMs ?? SPIN_DEFAULT_TIMEOUT_MS,
        spinscope: context,
      };
      if (target.origin !== undefined) opts.origin = target.origin;
      const handler = new StreamResponse(resolve);
      try {
        dispatcher.dispatch(opts, handler);
      } catch (error) {
        handler.onResponseError(undefined, error instanceof Error ? error : new Error(String(error)));
      }
    });
}

/** Hands the guest the response as soon as its head arrives; the body follows as it comes. */
class StreamResponse implements Dispatcher.DispatchHandler {
  readonly #resolve: (result: OutboundResult) => void;
  #body: DispatchedBody | undefined;

  constructor(resolve: (result: OutboundResult) => void) {
    this.#resolve = resolve;
  }

  // Declaring onRequestStart marks this as a v2 handler; without it compose() wraps it as a legacy one.
  onRequestStart(): void {}

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders): void {
    this.#body = new DispatchedBody(controller);
    this.#resolve({ response: { status: statusCode, headers: responseHeaderPairs(controller, headers), body: this.#body } });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#body?.receive(chunk);
  }

  onResponseEnd(): void {
    this.#body?.queue.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    // After the head, the guest sees the failure when it reads the body.
    if (this.#body !== undefined) this.#body.queue.fail(guestErrorCode(error));
    // spec §10.45: Spin traps the calling guest ("unknown routing destination").
    else if (error instanceof UnknownChainingTargetError) this.#resolve({ trap: error.message });
    else this.#resolve({ error: guestErrorCode(error) });
  }
}
