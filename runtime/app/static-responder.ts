import type { StaticResponse } from '../manifest/index.js';
import { BodyCapture, type Response } from '../http/index.js';
import { errorInfo, newEventId, newTraceId, type EventSink } from '../events/index.js';
import { InboundError, staticResponseOf, type RoutedRequest } from '../trigger/index.js';

/**
 * Answers requests routed to a `static_response` trigger, with no component involved,
 * and records each like a component's: `inbound.request`, then `inbound.response` (or
 * `inbound.error` when Spin would close the connection instead), naming the trigger.
 * The request body is not read, as Spin does not read it.
 */
export class StaticResponder {
  readonly #events: EventSink;
  readonly #captureLimit: number;

  constructor(events: EventSink, captureLimit: number) {
    this.#events = events;
    this.#captureLimit = captureLimit;
  }

  /** @throws {InboundError} (`dropped`) for a response Spin cannot send. */
  serve(request: RoutedRequest, trigger: string, response: StaticResponse): Response<Uint8Array> {
    const start = Date.now();
    const requestId = newEventId();
    const traceId = newTraceId();
    this.#events.publish({
      kind: 'inbound.request',
      id: requestId,
      time: start,
      traceId,
      staticTrigger: trigger,
      method: request.method,
      pathWithQuery: request.pathWithQuery,
      headers: request.headers,
      ...(request.body instanceof Uint8Array ? { body: BodyCapture.of(request.body, this.#captureLimit) } : {}),
    });
    const outcome = { id: newEventId(), traceId, parentId: requestId, staticTrigger: trigger };
    let answer: ReturnType<typeof staticResponseOf>;
    try {
      answer = staticResponseOf(trigger, request.pathWithQuery, response);
    } catch (error) {
      if (error instanceof InboundError) {
        this.#events.publish({ kind: 'inbound.error', ...outcome, time: Date.now(), error: errorInfo(error), stderr: '', dropped: true });
      }
      throw error;
    }
    const end = Date.now();
    this.#events.publish({
      kind: 'inbound.response',
      ...outcome,
      time: end,
      status: answer.status,
      headers: answer.headers,
      body: BodyCapture.of(answer.body, this.#captureLimit),
      timings: { start, headers: end, end },
    });
    return answer;
  }
}
