import type { CapturedBody, ClientAbort, HeaderList, SpinscopeEvent } from '../api/events.js';
import type { Dispatcher } from 'undici';
import { performOutboundWith, type TraceParent } from '../dispatcher/index.js';
import { EngineError, GuestTimeout, GuestTrap, type ComponentEngine, type GuestCall } from '../engine/index.js';
import { BodyCapture, pacedBody, type ByteQueue, type DeliveryReport, type Request, type Response } from '../http/index.js';
import { errorInfo, newEventId, type EventSink } from '../events/index.js';
import type { HostAccess } from './host-access.js';

/** Where an inbound request sits: the root of a new trace, or a chained hop inside one. */
export interface InboundOrigin {
  readonly traceId: string;
  /** The caller's `outbound.request` event, for a chained request. */
  readonly parentId?: string;
  /** The calling component, for a chained request (spec §10.44). */
  readonly chainedFrom?: string;
}

/**
 * Serves one component's requests, concurrently, and records each as `inbound.request`,
 * its guest log lines, and `inbound.response` or `inbound.error`. A request body still
 * arriving reaches the guest as it comes, and is recorded with the outcome (`requestBody`).
 * The outcome waits for the response's reader (the listener, or a chaining caller) to say
 * how it went out, so a client that left partway is recorded as such (`clientAborted`).
 *
 * Each request hands the engine its own {@link GuestCall}: outbound requests through its
 * app generation's dispatcher, in its trace; its component's grants as enforced now; host
 * calls recorded in its trace.
 */
export class ComponentServer {
  readonly #component: string;
  readonly #engine: ComponentEngine;
  readonly #dispatcher: Dispatcher;
  readonly #access: HostAccess;
  readonly #events: EventSink;
  readonly #captureLimit: number;

  constructor(component: string, engine: ComponentEngine, dispatcher: Dispatcher, access: HostAccess, events: EventSink, captureLimit: number) {
    this.#component = component;
    this.#engine = engine;
    this.#dispatcher = dispatcher;
    this.#access = access;
    this.#events = events;
    this.#captureLimit = captureLimit;
  }

  /**
   * Runs the component for `request`, answering as soon as it sets its response; the
   * body follows as the guest writes it, and the reader must call the answer's
   * `onDelivered` once it has gone out. A trap or timeout before that answers 500, and
   * after it fails the body; either way it is recorded, never thrown.
   */
  async serve(request: Request<Uint8Array | AsyncIterable<Uint8Array>>, origin: InboundOrigin): Promise<Response<Uint8Array | ByteQueue>> {
    const requestId = newEventId();
    const start = Date.now();
    const streamed = request.body instanceof Uint8Array ? undefined : new BodyCapture(this.#captureLimit);
    const body = request.body instanceof Uint8Array ? request.body : pacedBody(streamed!.observe(request.body));
    const requestBody = (): { requestBody?: CapturedBody } => (streamed === undefined ? {} : { requestBody: streamed.result() });
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
      ...(request.body instanceof Uint8Array ? { body: BodyCapture.of(request.body, this.#captureLimit) } : {}),
      ...(origin.chainedFrom === undefined ? {} : { chainedFrom: origin.chainedFrom }),
    });
    const trace = { traceId: origin.traceId, parentId: requestId };
    try {
      const response = await this.#engine.stream({ ...request, body }, this.#call(trace));
      const headersAt = Date.now();
      const capture = new BodyCapture(this.#captureLimit);
      response.body.observe((bytes) => capture.add(bytes));
      // The outcome is recorded once the component has finished and its reader has said how
      // the response went out: a client that left partway is recorded as having aborted.
      let onDelivered: DeliveryReport = () => undefined;
      const delivered = new Promise<ClientAbort | undefined>((resolve) => (onDelivered = resolve));
      const aborted = (abort: ClientAbort | undefined): { clientAborted?: ClientAbort } => (abort === undefined ? {} : { clientAborted: abort });
      response.finished.then(
        (output) => {
          this.#publishLogs(trace, 'stdout', output.stdout);
          this.#publishLogs(trace, 'stderr', output.stderr);
          const timings = { start, headers: headersAt, end: Date.now() };
          const streamedBody = requestBody();
          void delivered.then((abort) =>
            this.#publish({
              kind: 'inbound.response',
              id: newEventId(),
              time: Date.now(),
              ...trace,
              component: this.#component,
              status: response.status,
              headers: response.headers as HeaderList,
              body: capture.result(),
              ...streamedBody,
              timings,
              phases: output.phases,
              ...aborted(abort),
            }),
          );
        },
        // After the head, a failure cuts the response off: the connection closes.
        (error: unknown) => {
          const streamedBody = requestBody();
          void delivered.then((abort) => this.#recordFailure(trace, error, { ...streamedBody, ...aborted(abort) }, true));
        },
      );
      return { status: response.status, headers: response.headers, body: response.bodyless ? new Uint8Array() : response.body, onDelivered };
    } catch (error) {
      if (!(body instanceof Uint8Array)) body.cancel();
      this.#recordFailure(trace, error, requestBody(), false);
      return { status: 500, headers: [], body: new Uint8Array() };
    }
  }

  #call(trace: TraceParent & { parentId: string }): GuestCall {
    const component = this.#component;
    return {
      outbound: performOutboundWith(this.#dispatcher, component, trace),
      grants: this.#access.grants(component),
      record: (event) => this.#publish({ ...event, id: newEventId(), ...trace, component } as SpinscopeEvent),
      checkAddress: (check) => this.#access.checkAddress(component, check, trace),
    };
  }

  /** @throws what is not a guest's failure (a bug here, not the component's). */
  #recordFailure(
    trace: TraceParent & { parentId: string },
    error: unknown,
    outcome: { requestBody?: CapturedBody; clientAborted?: ClientAbort },
    dropped: boolean,
  ): void {
    if (!(error instanceof GuestTrap || error instanceof GuestTimeout || error instanceof EngineError)) throw error;
    const stderr = error instanceof GuestTrap ? error.stderr : '';
    this.#publishLogs(trace, 'stderr', stderr);
    this.#publish({
      kind: 'inbound.error',
      id: newEventId(),
      time: Date.now(),
      ...trace,
      component: this.#component,
      error: errorInfo(error),
      stderr,
      ...(dropped ? { dropped } : {}),
      ...outcome,
    });
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
