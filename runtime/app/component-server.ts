import type { ErrorInfo, HeaderList, SpinscopeEvent } from '../api/events.js';
import { BodyCapture, type TraceParent } from '../dispatcher/index.js';
import type { ComponentEngine, HttpRequestData, HttpResponseData, OutboundRequestData, OutboundResult } from '../engine/index.js';
import { EngineError, GuestTimeout, GuestTrap } from '../engine/index.js';
import { SpinscopeError } from '../errors/spinscope-error.js';
import { newEventId, type EventSink } from '../events/index.js';

/** Where an inbound request sits: the root of a new trace, or a chained hop inside one. */
export interface InboundOrigin {
  readonly traceId: string;
  /** The caller's `outbound.request` event, for a chained request. */
  readonly parentId?: string;
  /** The calling component, for a chained request (spec §10.44). */
  readonly chainedFrom?: string;
}

/** Sends one guest outbound request, in the trace of the inbound request being served. */
export type GuestOutbound = (request: OutboundRequestData, trace: TraceParent) => Promise<OutboundResult>;

/**
 * What each request hands the engine: its trace, and the outbound dispatcher of the
 * app generation serving it. An engine shared by two generations across a reload thus
 * sends each request's outbound calls through the policy and routes that accepted it.
 */
export interface GuestCall {
  readonly trace: TraceParent;
  readonly outbound: GuestOutbound;
}

/** A component's engine, told with each request how its outbound calls leave. */
export type TracedEngine = ComponentEngine<GuestCall>;

/**
 * Serves one component's requests, concurrently, and records each as `inbound.request`,
 * its guest log lines, and `inbound.response` or `inbound.error`.
 */
export class ComponentServer {
  readonly #component: string;
  readonly #engine: TracedEngine;
  readonly #outbound: GuestOutbound;
  readonly #events: EventSink;
  readonly #captureLimit: number;

  constructor(component: string, engine: TracedEngine, outbound: GuestOutbound, events: EventSink, captureLimit: number) {
    this.#component = component;
    this.#engine = engine;
    this.#outbound = outbound;
    this.#events = events;
    this.#captureLimit = captureLimit;
  }

  /** Runs the component for `request`. A trap or timeout answers 500 and is recorded, never thrown. */
  async serve(request: HttpRequestData, origin: InboundOrigin): Promise<HttpResponseData> {
    const requestId = newEventId();
    const start = Date.now();
    this.#publish({
      kind: 'inbound.request',
      id: requestId,
      time: start,
      traceId: origin.traceId,
      ...(origin.parentId === undefined ? {} : { parentId: origin.parentId }),
      component: this.#component,
      method: request.method,
      pathWithQuery: request.pathWithQuery,
      headers: request.headers,
      body: BodyCapture.of(request.body, this.#captureLimit),
      ...(origin.chainedFrom === undefined ? {} : { chainedFrom: origin.chainedFrom }),
    });
    const trace = { traceId: origin.traceId, parentId: requestId };
    try {
      const response = await this.#engine.handle(request, { trace, outbound: this.#outbound });
      this.#publishLogs(trace, 'stdout', response.stdout);
      this.#publishLogs(trace, 'stderr', response.stderr);
      this.#publish({
        kind: 'inbound.response',
        id: newEventId(),
        time: Date.now(),
        ...trace,
        component: this.#component,
        status: response.status,
        headers: response.headers as HeaderList,
        body: BodyCapture.of(response.body, this.#captureLimit),
        timings: { start, headers: Date.now(), end: Date.now() },
      });
      return { status: response.status, headers: response.headers, body: response.body };
    } catch (error) {
      if (!(error instanceof GuestTrap || error instanceof GuestTimeout || error instanceof EngineError)) throw error;
      const stderr = error instanceof GuestTrap ? error.stderr : '';
      this.#publishLogs(trace, 'stderr', stderr);
      this.#publish({ kind: 'inbound.error', id: newEventId(), time: Date.now(), ...trace, component: this.#component, error: errorInfo(error), stderr });
      return { status: 500, headers: [], body: new Uint8Array() };
    }
  }

  #publishLogs(trace: TraceParent & { parentId: string }, stream: 'stdout' | 'stderr', text: string): void {
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines) {
      this.#publish({ kind: 'guest.log', id: newEventId(), time: Date.now(), ...trace, component: this.#component, stream, line });
    }
  }

  #publish(event: SpinscopeEvent): void {
    this.#events.publish(event);
  }
}

function errorInfo(error: SpinscopeError): ErrorInfo {
  return { code: error.code, name: error.name, message: error.message };
}
