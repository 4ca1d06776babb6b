/**
 * Interceptor: publishes `outbound.request`, `outbound.response`, `outbound.error`,
 * `outbound.denied` and `chain.hop` events. It runs first, so it sees the request as
 * the guest sent it and sees denials too. It only observes: the request goes on
 * unchanged and every hook is forwarded with the same arguments. How long each phase
 * took and the headers as they went out come from undici's diagnostics channels
 * (`wire-observer.ts`) and the connector (`timed-connector.ts`).
 */
import type { Dispatcher } from 'undici';
import type { RuleApplied } from '../../api/contract.js';
import type { CapturedBody, HeaderList, OutboundPhases, OutboundRequestEvent, OutboundResponseEvent, SpinscopeEvent } from '../../api/events.js';
import { newEventId, type EventSink } from '../../events/index.js';
import { spinDenialLines } from '../../permissions/index.js';
import { BodyCapture, DEFAULT_BODY_CAPTURE_LIMIT } from '../../http/index.js';
import { requestHeaderPairs, responseHeaderPairs, type ResponseHeaders } from '../dispatch-headers.js';
import { ForwardingHandler } from '../forwarding-handler.js';
import { errorCode, guestErrorCode } from '../guest-error-code.js';
import { contextOf, targetOf, type OutboundContext } from '../outbound-context.js';
import { DeniedError } from '../outbound-errors.js';
import { outboundPhases } from '../outbound-phases.js';
import { framingHeader, sentHeaderPairs } from '../sent-headers.js';
import { failedConnectionOf } from '../timed-connector.js';
import { dispatchObserved, WireRecord } from '../wire-observer.js';
import type { ChainedRequestContext } from './route-chaining.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Options for {@link recordEvents}. */
export interface RecordEventsOptions {
  readonly events: EventSink;
  /** Bytes of each body kept in events; default 1 MiB. */
  readonly bodyCaptureLimit?: number;
}

/** Records every outbound exchange as events on `options.events`. */
export function recordEvents(options: RecordEventsOptions): Dispatcher.DispatcherComposeInterceptor {
  const limit = options.bodyCaptureLimit ?? DEFAULT_BODY_CAPTURE_LIMIT;
  return (dispatch) =>
    function record(opts, handler) {
      const context = contextOf(opts);
      const { url } = targetOf(opts);
      const start = Date.now();
      const body = requestBody(opts.body, limit);
      // A streamed body is noted as it is sent, and recorded with the outcome as `requestBody`.
      const streamed = body === undefined && isStream(opts.body) ? new BodyCapture(limit) : undefined;
      const headers = requestHeaderPairs(opts.headers);
      const event: Writable<OutboundRequestEvent> = {
        kind: 'outbound.request',
        id: context.requestId,
        time: start,
        traceId: context.traceId,
        component: context.component,
        method: opts.method,
        url,
        headers,
      };
      // Optional fields are set, not spread in: a spread in a literal is slow on every request.
      if (context.parentId !== undefined) event.parentId = context.parentId;
      if (body !== undefined) event.body = body;
      const sent = streamed === undefined ? opts : { ...opts, body: streamed.observe(opts.body as AsyncIterable<Uint8Array>) };
      const recording = new RecordingHandler(handler, { events: options.events, context, url, start, limit, requestBody: streamed, request: opts, headers, requestEvent: event });
      try {
        return dispatchObserved(recording.wire, dispatch, sent, recording);
      } finally {
        // A denial is decided within dispatch(): the check ended when it returned (or threw).
        recording.verdictIn();
        recording.publishRequest();
      }
    };
}

interface Exchange {
  readonly events: EventSink;
  readonly context: OutboundContext;
  readonly url: string;
  readonly start: number;
  readonly limit: number;
  /** The request body, noted as it streams out; absent when the request event has it. */
  readonly requestBody: BodyCapture | undefined;
  /** The dispatch as the guest made it, for the framing undici gives its body. */
  readonly request: Dispatcher.DispatchOptions;
  /** Its headers as the guest set them. */
  readonly headers: HeaderList;
  /**
   * Its `outbound.request`, published once the policy and the rules have decided (within
   * the dispatch), so it can say which rule acted, and before any other event of the call.
   */
  readonly requestEvent: Writable<OutboundRequestEvent>;
}

class RecordingHandler extends ForwardingHandler {
  /** What undici does with the request on the wire, if it goes to the network. */
  readonly wire = new WireRecord();
  readonly #exchange: Exchange;
  readonly #body: BodyCapture;
  #status = 0;
  #headers: HeaderList = [];
  #headersAt = 0;
  #allowedBy: string | undefined;
  // performance.now() marks: made just before the request goes on to the policy check, where the phases start; the verdict; the response head.
  readonly #began = performance.now();
  #checked: number | undefined;
  #headersMark: number | undefined;
  /** What a chained component was handed, once the request went to one. */
  #chained: ChainedRequestContext | undefined;
  /** The outbound rule that acted on the call, if one did. */
  #rule: RuleApplied | undefined;
  #requestPublished = false;

  constructor(next: Dispatcher.DispatchHandler, exchange: Exchange) {
    super(next);
    this.#exchange = exchange;
    this.#body = new BodyCapture(exchange.limit);
  }

  /** The policy check is over (allowed requests say so sooner, through `onRequestAllowed`). */
  verdictIn(): void {
    this.#checked ??= performance.now();
  }

  /** Publishes the `outbound.request` event, once: as soon as the rules have decided, else before the call's next event. */
  publishRequest(): void {
    if (this.#requestPublished) return;
    this.#requestPublished = true;
    const event = this.#exchange.requestEvent;
    if (this.#rule !== undefined) event.rule = this.#rule;
    this.#exchange.events.publish(event);
  }

  override onRuleApplied(rule: RuleApplied): void {
    this.#rule = rule;
    this.publishRequest();
    super.onRuleApplied(rule);
  }

  override onRequestAllowed(allowedBy: string): void {
    this.#checked = performance.now();
    this.#allowedBy = allowedBy;
    super.onRequestAllowed(allowedBy);
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.publishRequest();
    const chained = chainedContext(context);
    if (chained !== undefined) {
      this.#chained = chained;
      const { context: caller, url } = this.#exchange;
      this.#publish({ kind: 'chain.hop', ...this.#base(), component: caller.component, from: caller.component, to: chained.chainedTo, url });
    }
    super.onRequestStart(controller, context);
  }

  override onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders, statusMessage?: string): void {
    this.publishRequest();
    this.#status = statusCode;
    this.#headers = responseHeaderPairs(controller, headers);
    this.#headersAt = Date.now();
    this.#headersMark = performance.now();
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#body.add(chunk);
    super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: ResponseHeaders): void {
    const { context, url, start } = this.#exchange;
    const event: Writable<OutboundResponseEvent> = {
      kind: 'outbound.response',
      id: newEventId(),
      time: Date.now(),
      traceId: context.traceId,
      parentId: context.requestId,
      component: context.component,
      url,
      status: this.#status,
      headers: this.#headers,
      body: this.#body.result(),
      timings: { start, headers: this.#headersAt, end: Date.now() },
      phases: this.#phases(undefined),
    };
    if (this.#allowedBy !== undefined) event.allowedBy = this.#allowedBy;
    if (this.#rule !== undefined) event.rule = this.#rule;
    const { requestBody } = this.#exchange;
    if (requestBody !== undefined) event.requestBody = requestBody.result();
    const sentHeaders = this.#sentHeaders();
    if (sentHeaders !== undefined) event.sentHeaders = sentHeaders;
    this.#publish(event);
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.publishRequest();
    const { context, url } = this.#exchange;
    if (error instanceof DeniedError) {
      const { destination, suggestion } = error.explanation;
      // Spin prints its three lines only for a plain "not allowed" (not for §7.34 / §11.50 denials).
      const printed = destination !== undefined && suggestion !== undefined;
      this.#publish({
        kind: 'outbound.denied',
        ...this.#base(),
        component: context.component,
        url,
        explanation: error.explanation,
        ...(printed ? { spinLines: spinDenialLines(destination) } : {}),
        phases: this.#phases(error),
      });
    } else {
      const code = errorCode(error);
      this.#publish({
        kind: 'outbound.error',
        ...this.#base(),
        component: context.component,
        url,
        ...this.#allowed(),
        error: { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) },
        guestError: guestErrorCode(error).tag,
        ...this.#requestBody(),
        ...this.#sent(),
        phases: this.#phases(error),
        ...(this.#rule === undefined ? {} : { rule: this.#rule }),
      });
    }
    super.onResponseError(controller, error);
  }

  /** The phases up to now: the response's end, or `failure`. */
  #phases(failure: Error | undefined): OutboundPhases {
    const { wire } = this;
    // A connection that failed never carried the request, so undici only said so with the error.
    const connection = wire.connection ?? (failure === undefined ? undefined : failedConnectionOf(failure));
    const network = wire.sendStart !== undefined || connection !== undefined;
    return outboundPhases({
      start: this.#began,
      checked: this.#checked ?? this.#began,
      route: failure instanceof DeniedError ? undefined : network ? 'network' : this.#chained !== undefined ? 'chained' : this.#rule?.action === 'stub' ? 'stub' : undefined,
      connection,
      sendStart: wire.sendStart,
      sendEnd: wire.sendEnd,
      headers: this.#headersMark,
      end: performance.now(),
      failed: failure !== undefined,
    });
  }

  /** The headers as they went out: as undici wrote them, or as a chained component was handed them. */
  #sentHeaders(): HeaderList | undefined {
    if (this.#chained !== undefined) return this.#chained.headers;
    const { head } = this.wire;
    if (head === undefined) return undefined;
    const { request, headers } = this.#exchange;
    return sentHeaderPairs(head, framingHeader(request.method, request.body, headers));
  }

  #sent(): { sentHeaders?: HeaderList } {
    const sentHeaders = this.#sentHeaders();
    return sentHeaders === undefined ? {} : { sentHeaders };
  }

  #allowed(): { allowedBy?: string } {
    return this.#allowedBy === undefined ? {} : { allowedBy: this.#allowedBy };
  }

  #requestBody(): { requestBody?: CapturedBody } {
    const { requestBody } = this.#exchange;
    return requestBody === undefined ? {} : { requestBody: requestBody.result() };
  }

  #base(): { id: string; time: number; traceId: string; parentId: string } {
    const { context } = this.#exchange;
    return { id: newEventId(), time: Date.now(), traceId: context.traceId, parentId: context.requestId };
  }

  #publish(event: SpinscopeEvent): void {
    this.#exchange.events.publish(event);
  }
}

/** What route-chaining put on `onRequestStart`'s context (a {@link ChainedRequestContext}), if anything. */
function chainedContext(context: unknown): ChainedRequestContext | undefined {
  if (typeof context !== 'object' || context === null || !('chainedTo' in context)) return undefined;
  const chained = context as Partial<ChainedRequestContext>;
  return typeof chained.chainedTo === 'string' && Array.isArray(chained.headers) ? (chained as ChainedRequestContext) : undefined;
}

function isStream(body: Dispatcher.DispatchOptions['body']): boolean {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

// Shared by every event of a request without a body; frozen, and empty bytes cannot change.
const NO_BODY: CapturedBody = Object.freeze({ captured: new Uint8Array(), size: 0, truncated: false });

// Bytes and strings are captured whole, up front.
function requestBody(body: Dispatcher.DispatchOptions['body'], limit: number): CapturedBody | undefined {
  if (body === undefined || body === null) return NO_BODY;
  if (typeof body === 'string') return BodyCapture.of(Buffer.from(body), limit);
  if (body instanceof Uint8Array) return BodyCapture.of(body, limit);
  return undefined;
}
