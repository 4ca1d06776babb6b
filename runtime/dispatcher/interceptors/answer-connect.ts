/**
 * Interceptor: a guest's CONNECT, sent and answered as Spin's client does. hyper-util's
 * `legacy::Client` sends it in authority form (`CONNECT host:port HTTP/1.1`), and hyper
 * reads the answer like any response, except that a 2xx has no body and opens a tunnel
 * (`Client::decoder` in `proto/h1/role.rs`). wasi:http gives a guest no way into a tunnel,
 * so it gets the status and headers and the connection is closed.
 *
 * undici hands every answer to a CONNECT over as an upgrade, the socket unread past the
 * head. This turns it back into `onResponseStart` / `onResponseData` / `onResponseEnd`,
 * reading the body from the socket, so every handler above sees an ordinary response.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { errors, type Dispatcher } from 'undici';
import { responseHeaderPairs, type ResponseHeaders } from '../dispatch-headers.js';
import { ForwardingHandler } from '../forwarding-handler.js';
import { targetOf } from '../outbound-context.js';
import { BodyDecoder, responseFraming } from '../response-framing.js';

/** Sends CONNECT requests with their authority as the target and answers them as responses. */
export function answerConnect(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function connect(opts, handler) {
      if (opts.method !== 'CONNECT') return dispatch(opts, handler);
      // routeSelf has given a relative request its origin, so there is an authority.
      const path = targetOf(opts).authority ?? opts.path;
      return dispatch({ ...opts, path }, new ConnectAnswer(handler, opts.bodyTimeout ?? undefined));
    };
}

class ConnectAnswer extends ForwardingHandler {
  readonly #bodyTimeout: number | undefined;

  constructor(next: Dispatcher.DispatchHandler, bodyTimeout: number | undefined) {
    super(next);
    this.#bodyTimeout = bodyTimeout;
  }

  override onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders, socket: Duplex): void {
    // undici upgrades on its connection's own socket (a TLS one for https).
    new SocketResponse(this.next, socket as Socket, this.#bodyTimeout).start(statusCode, headers, controller.rawHeaders ?? null);
  }
}

/** One response read off an upgraded socket: its head already parsed, its body still on the socket. */
class SocketResponse implements Dispatcher.DispatchController {
  rawHeaders: Exclude<Dispatcher.DispatchController['rawHeaders'], undefined> = null;
  rawTrailers: Buffer[] | null = null;
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #socket: Socket;
  readonly #bodyTimeout: number | undefined;
  #paused = false;
  #reason: Error | null = null;
  #settled = false;

  constructor(handler: Dispatcher.DispatchHandler, socket: Socket, bodyTimeout: number | undefined) {
    this.#handler = handler;
    this.#socket = socket;
    this.#bodyTimeout = bodyTimeout;
  }

  get aborted(): boolean {
    return this.#reason !== null;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  abort(reason: Error): void {
    if (this.#reason !== null) return;
    this.#reason = reason;
    this.#fail(reason);
  }

  pause(): void {
    this.#paused = true;
    this.#socket.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#socket.resume();
  }

  start(statusCode: number, headers: ResponseHeaders, rawHeaders: Exclude<Dispatcher.DispatchController['rawHeaders'], undefined>): void {
    this.rawHeaders = rawHeaders;
    let decoder: BodyDecoder;
    try {
      decoder = new BodyDecoder(responseFraming('CONNECT', statusCode, responseHeaderPairs(this, headers)));
    } catch (error) {
      return this.#fail(error as Error);
    }
    this.#handler.onResponseStart?.(this, statusCode, headers, '');
    if (decoder.done) return this.#end();
    const socket = this.#socket;
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const piece of decoder.decode(chunk)) if (!this.#settled) this.#handler.onResponseData?.(this, piece);
      } catch (error) {
        return this.#fail(error as Error);
      }
      if (decoder.done) this.#end();
    });
    socket.on('end', () => this.#closed(decoder));
    socket.on('close', () => this.#closed(decoder));
    socket.on('error', (error: Error) => this.#fail(error));
    // Spin's between-bytes timeout, which undici stops enforcing once it hands the socket over.
    if (this.#bodyTimeout !== undefined && this.#bodyTimeout > 0) {
      socket.setTimeout(this.#bodyTimeout, () => this.#fail(new errors.BodyTimeoutError()));
    }
    if (!this.#paused) socket.resume();
  }

  /** A body without a length ends when the server closes; any other one was cut short. */
  #closed(decoder: BodyDecoder): void {
    if (decoder.endsWithConnection) this.#end();
    else this.#fail(new errors.SocketError('other side closed'));
  }

  #end(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#socket.destroy();
    this.#handler.onResponseEnd?.(this, {});
  }

  #fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#socket.destroy();
    this.#handler.onResponseError?.(this, error);
  }
}
