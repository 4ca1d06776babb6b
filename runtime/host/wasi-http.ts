/**
 * `wasi:http@0.2.x`: the `types` interface and `outgoing-handler`.
 *
 * Owned here rather than taken from preview2-shim so that every outbound
 * request goes through one injected `OutboundLink` (the engine bridges it to
 * the main thread, where policy and undici live).
 */
import { Fields } from './http-fields.js';
import { FutureTrailers, IncomingBody, IncomingRequest, IncomingResponse } from './http-incoming.js';
import { headersFromWit, methodFromWit } from './wit-http.js';
import type { ByteQueue, HttpErrorCode, OutboundResult, Response } from '../http/index.js';
import { OutgoingBody, OutgoingRequest, OutgoingResponse, RequestOptions, ResponseOutparam } from './http-outgoing.js';
import type { BodyClose, OutboundLink } from './outbound-link.js';
import { ConditionPollable, IoError, Pollable } from './wasi-io.js';
import { WriteWindow } from './write-window.js';
import { err, ok, type WitResult } from './wit-result.js';

/**
 * `resource future-incoming-response`.
 *
 * A guest calls `handle` before it writes the request body. The request goes to the
 * main thread when the body is finished (at once if it has none), so a body written in
 * one go travels whole; or, if the guest blocks first, with what it has written so far,
 * the rest following as it writes it. A body dropped unfinished fails the request, as
 * in wasmtime. Sending never blocks: a guest may have many requests in flight and poll
 * them together.
 */
export class FutureIncomingResponse {
  readonly #request: OutgoingRequest;
  readonly #options: RequestOptions | undefined;
  readonly #link: OutboundLink;
  #ticket: number | undefined;
  #outcome: OutboundResult<Response<ByteQueue>> | undefined;
  #taken = false;

  constructor(request: OutgoingRequest, options: RequestOptions | undefined, link: OutboundLink) {
    this.#request = request;
    this.#options = options;
    this.#link = link;
    const { body } = request.snapshot();
    if (body === undefined || body.finished) {
      this.#send();
      return;
    }
    body.whenFinished(() => this.#closeBody('finish'));
    body.whenDropped(() => this.#closeBody('abort'));
    link.beforeBlocking(() => this.#send());
  }

  /** `subscribe: func() -> pollable;` */
  subscribe(): Pollable {
    return new ConditionPollable(() => this.arrived(), (deadline) => this.#link.waitForResults(deadline));
  }

  /**
   * `get: func() -> option<result<result<incoming-response, error-code>>>;`
   * @throws {Error} a trap in the guest when the host could not route the request (spec §10.45).
   */
  get(): WitResult<WitResult<IncomingResponse, HttpErrorCode>> | undefined {
    if (this.#taken) return err(undefined);
    if (!this.arrived()) return undefined;
    this.#taken = true;
    const outcome = this.#outcome!;
    if ('trap' in outcome) throw new Error(outcome.trap);
    if ('error' in outcome) return ok(err(outcome.error));
    return ok(ok(new IncomingResponse(outcome.response, (deadline) => this.#link.waitForResults(deadline))));
  }

  /** Whether the response (or error) is here; sends the request first if it is still waiting for its body. */
  arrived(): boolean {
    this.#send();
    this.#outcome ??= this.#link.takeResult(this.#ticket!);
    return this.#outcome !== undefined;
  }

  #send(): void {
    if (this.#ticket !== undefined) return;
    const { headers, body } = this.#request.snapshot();
    const open = body !== undefined && !body.finished;
    const written = body?.takeWritten() ?? new Uint8Array();
    const ticket = this.#link.send(
      {
        method: methodFromWit(this.#request.method()),
        // The parts as the guest set them, with wasmtime-wasi-http's defaults: `https`, and `/`.
        // `handle` refused any other scheme. Without an authority the request is relative (spec §9.40).
        scheme: this.#request.scheme()?.tag === 'HTTP' ? 'http' : 'https',
        authority: this.#request.authority(),
        pathWithQuery: this.#request.pathWithQuery() ?? '/',
        headers: headersFromWit(headers),
        body: written,
        ...(this.#options === undefined ? {} : { timeouts: this.#options.timeouts() }),
      },
      open,
    );
    this.#ticket = ticket;
    if (!open) return;
    const link = this.#link;
    const window = new WriteWindow((bytes) => link.writeBody(ticket, bytes), () => link.taken(ticket), () => link.waitForResults(), written.byteLength);
    body.streamTo(window);
  }

  #closeBody(how: BodyClose): void {
    if (how === 'finish' && this.#ticket === undefined) return this.#send();
    this.#send();
    this.#link.closeBody(this.#ticket!, how);
  }
}

/** `http-error-code: func(err: borrow<io-error>) -> option<error-code>;` set when a response body failed. */
function httpErrorCode(error: IoError): HttpErrorCode | undefined {
  return error.httpErrorCode;
}

/** The `wasi:http` interfaces for one instance, keyed as jco's `instantiate()` looks them up. */
export function wasiHttp(link: OutboundLink): Record<string, object> {
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
      handle(request: OutgoingRequest, options: RequestOptions | undefined): WitResult<FutureIncomingResponse, HttpErrorCode> {
        // wasmtime-wasi-http sends only http and https (p2/http_impl.rs `handle`): another
        // scheme, however well-formed, fails here, before Spin's policy check sees it.
        if (request.scheme()?.tag === 'other') return err({ tag: 'HTTP-protocol-error' });
        return ok(new FutureIncomingResponse(request, options, link));
      },
    },
  };
}
