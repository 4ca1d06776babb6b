/**
 * `wasi:http@0.2.x`: the `types` interface and `outgoing-handler`.
 *
 * Owned here rather than taken from preview2-shim so that every outbound
 * request goes through one injected, synchronous `send` (the engine bridges
 * it to the main thread, where policy and undici live).
 */
import { Fields } from './http-fields.js';
import { FutureTrailers, IncomingBody, IncomingRequest, IncomingResponse } from './http-incoming.js';
import {
  headersFromWit,
  methodFromWit,
  type HttpErrorCode,
  type OutboundRequestData,
  type OutboundResult,
} from './http-message.js';
import { OutgoingBody, OutgoingRequest, OutgoingResponse, RequestOptions, ResponseOutparam } from './http-outgoing.js';
import { IoError, Pollable } from './wasi-io.js';
import { err, ok, type WitResult } from './wit-result.js';

/** Performs one outbound request, blocking the calling (worker) thread until it completes. */
export type SendOutbound = (request: OutboundRequestData) => OutboundResult;

/** A pollable that, when asked, performs the request it waits for. */
class OutboundPollable extends Pollable {
  readonly #future: FutureIncomingResponse;

  constructor(future: FutureIncomingResponse) {
    super();
    this.#future = future;
  }

  override ready(): boolean {
    this.#future.settle();
    return true;
  }

  override block(): void {
    this.#future.settle();
  }
}

/**
 * `resource future-incoming-response`.
 *
 * The request is sent lazily, when the guest first waits on or reads the
 * future: a guest calls `handle` before writing the request body.
 */
export class FutureIncomingResponse {
  readonly #request: OutgoingRequest;
  readonly #send: SendOutbound;
  #outcome: WitResult<IncomingResponse, HttpErrorCode> | undefined;
  #taken = false;

  constructor(request: OutgoingRequest, send: SendOutbound) {
    this.#request = request;
    this.#send = send;
  }

  /** `subscribe: func() -> pollable;` */
  subscribe(): Pollable {
    return new OutboundPollable(this);
  }

  /** `get: func() -> option<result<result<incoming-response, error-code>>>;` */
  get(): WitResult<WitResult<IncomingResponse, HttpErrorCode>> {
    if (this.#taken) return err(undefined);
    this.#taken = true;
    return ok(this.settle());
  }

  /** Sends the request if that has not happened yet, and returns the outcome. */
  settle(): WitResult<IncomingResponse, HttpErrorCode> {
    this.#outcome ??= this.#perform();
    return this.#outcome;
  }

  #perform(): WitResult<IncomingResponse, HttpErrorCode> {
    const url = this.#request.url();
    if (url === undefined) return err({ tag: 'HTTP-request-URI-invalid' });
    const { headers, body } = this.#request.snapshot();
    const result = this.#send({
      method: methodFromWit(this.#request.method()),
      url,
      headers: headersFromWit(headers),
      body: body?.bytes() ?? new Uint8Array(),
    });
    return 'error' in result ? err(result.error) : ok(new IncomingResponse(result.response));
  }
}

/** `http-error-code: func(err: borrow<io-error>) -> option<error-code>;` (no stream error here carries one) */
function httpErrorCode(_error: IoError): HttpErrorCode | undefined {
  return undefined;
}

/** The `wasi:http` interfaces for one instance, keyed as jco's `instantiate()` looks them up. */
export function wasiHttp(send: SendOutbound): Record<string, object> {
  return {
    'wasi:http/types': {
      Fields,
      FutureIncomingResponse,
      FutureTrailers,
      IncomingBody,
      IncomingRequest,
      IncomingResponse,
      OutgoingBody,
      OutgoingRequest,
      OutgoingResponse,
      RequestOptions,
      ResponseOutparam,
      httpErrorCode,
    },
    'wasi:http/outgoing-handler': {
      /** `handle: func(request: outgoing-request, options: option<request-options>) -> result<future-incoming-response, error-code>;` */
      handle(request: OutgoingRequest, _options: RequestOptions | undefined): WitResult<FutureIncomingResponse, HttpErrorCode> {
        return ok(new FutureIncomingResponse(request, send));
      },
    },
  };
}
