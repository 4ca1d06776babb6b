/**
 * The `wasi:http/types@0.2.x` resources a guest writes: its response (its body
 * handed on as written once the response is set), the requests it sends out,
 * and their bodies (held until the request goes out, then handed on as written).
 */
import { Fields } from './http-fields.js';
import { concatBytes, type HttpErrorCode, type OutboundTimeouts } from '../http/index.js';
import type { Method, Scheme } from './wit-http.js';
import { isAuthority, isMethod, isPathWithQuery, isScheme } from './http-target-parts.js';
import { OutputStream, UNBOUNDED_ROOM } from './wasi-io.js';
import type { WriteWindow } from './write-window.js';
import { err, ok, type WitResult } from './wit-result.js';

/** What jco's glue calls on a resource the guest drops (its `symbolDispose`). */
const symbolDispose: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/**
 * `resource outgoing-body`: collects what the guest writes or, once told where, hands it
 * on, holding the guest back while its reader lags too far behind.
 */
export class OutgoingBody {
  #chunks: Uint8Array[] = [];
  #stream: OutputStream | undefined = new OutputStream((bytes) => this.#accept(bytes), {
    available: () => (this.#window ?? UNBOUNDED_ROOM).available(),
    wait: () => this.#window?.wait(),
  });
  #window: WriteWindow | undefined;
  #finished = false;
  #dropped = false;
  #onFinish: (() => void) | undefined;
  #onDrop: (() => void) | undefined;

  /** `write: func() -> result<output-stream>;` (succeeds once) */
  write(): WitResult<OutputStream> {
    const stream = this.#stream;
    if (stream === undefined) return err(undefined);
    this.#stream = undefined;
    return ok(stream);
  }

  /** `finish: static func(this: outgoing-body, trailers: option<trailers>) -> result<_, error-code>;` (trailers are ignored) */
  static finish(body: OutgoingBody, _trailers: Fields | undefined): WitResult<undefined, HttpErrorCode> {
    body.#finished = true;
    body.#onFinish?.();
    return ok(undefined);
  }

  /** Whether the guest has finished writing. */
  get finished(): boolean {
    return this.#finished;
  }

  /** Runs `callback` once, when the guest finishes the body. */
  whenFinished(callback: () => void): void {
    this.#onFinish = callback;
  }

  /** Runs `callback` if the guest drops the body without finishing it (wasmtime then fails the request it belongs to). */
  whenDropped(callback: () => void): void {
    this.#onDrop = callback;
  }

  /** Whether the guest has already dropped the body without finishing it. */
  get abandoned(): boolean {
    return this.#dropped && !this.#finished;
  }

  /** The guest dropped its handle to the body. */
  dropped(): void {
    this.#dropped = true;
    if (!this.#finished) this.#onDrop?.();
  }

  /** Removes and returns everything written so far (that was not handed on). */
  takeWritten(): Uint8Array {
    const written = concatBytes(this.#chunks);
    this.#chunks = [];
    return written;
  }

  /** Hands what was written so far, and every later write, to `window`, which paces the guest from now on. */
  streamTo(window: WriteWindow): void {
    for (const chunk of this.#chunks.splice(0)) window.write(chunk);
    this.#window = window;
  }

  #accept(bytes: Uint8Array): void {
    if (this.#window === undefined) this.#chunks.push(bytes);
    else this.#window.write(bytes);
  }
}

Object.defineProperty(OutgoingBody.prototype, symbolDispose, {
  value(this: OutgoingBody) {
    this.dropped();
  },
});

/** `resource outgoing-response` */
export class OutgoingResponse {
  readonly #headers: Fields;
  #status = 200;
  #body: OutgoingBody | undefined;
  #bodyWindow: WriteWindow | undefined;

  /** `constructor(headers: headers);` (the headers become immutable) */
  constructor(headers: Fields) {
    this.#headers = headers.freeze();
  }

  /** `status-code: func() -> status-code;` */
  statusCode(): number {
    return this.#status;
  }

  /** `set-status-code: func(status-code: status-code) -> result;` */
  setStatusCode(status: number): WitResult<undefined> {
    if (status < 100 || status > 999) return err(undefined);
    this.#status = status;
    return ok(undefined);
  }

  /** `headers: func() -> headers;` */
  headers(): Fields {
    return Fields.immutable(this.#headers.entries());
  }

  /** `body: func() -> result<outgoing-body>;` (succeeds once) */
  body(): WitResult<OutgoingBody> {
    if (this.#body !== undefined) return err(undefined);
    this.#body = new OutgoingBody();
    if (this.#bodyWindow !== undefined) this.#body.streamTo(this.#bodyWindow);
    return ok(this.#body);
  }

  /** The body, once the guest has taken it: a response set before `body()` was called never has one. */
  get takenBody(): OutgoingBody | undefined {
    return this.#body;
  }

  /** The status and headers as the guest left them. */
  head(): { status: number; headers: [string, Uint8Array][] } {
    return { status: this.#status, headers: this.#headers.entries() };
  }

  /** Hands the body's bytes to `window` as the guest writes them, including any written before. */
  streamBodyTo(window: WriteWindow): void {
    this.#bodyWindow = window;
    this.#body?.streamTo(window);
  }
}

/** `resource response-outparam`: where the guest delivers its response. */
export class ResponseOutparam {
  readonly #onSet: ((response: OutgoingResponse) => void) | undefined;
  #result: WitResult<OutgoingResponse, HttpErrorCode> | undefined;

  /** `onSet` sees the response the moment the guest sets it, before its body is written. */
  constructor(onSet?: (response: OutgoingResponse) => void) {
    this.#onSet = onSet;
  }

  /** `set: static func(param: response-outparam, response: result<outgoing-response, error-code>);` */
  static set(param: ResponseOutparam, response: WitResult<OutgoingResponse, HttpErrorCode>): void {
    param.#result = response;
    if (response.tag === 'ok') param.#onSet?.(response.val);
  }

  /** What the guest set, or `undefined` if it never answered. */
  get result(): WitResult<OutgoingResponse, HttpErrorCode> | undefined {
    return this.#result;
  }
}

/** `resource outgoing-request` */
export class OutgoingRequest {
  readonly #headers: Fields;
  #method: Method = { tag: 'get' };
  #pathWithQuery: string | undefined;
  #scheme: Scheme | undefined;
  #authority: string | undefined;
  #body: OutgoingBody | undefined;

  /** `constructor(headers: headers);` (the headers become immutable) */
  constructor(headers: Fields) {
    this.#headers = headers.freeze();
  }

  /** `body: func() -> result<outgoing-body>;` (succeeds once) */
  body(): WitResult<OutgoingBody> {
    if (this.#body !== undefined) return err(undefined);
    this.#body = new OutgoingBody();
    return ok(this.#body);
  }

  /** `method: func() -> method;` */
  method(): Method {
    return this.#method;
  }

  /** `set-method: func(method: method) -> result;` */
  setMethod(method: Method): WitResult<undefined> {
    if (method.tag === 'other' && !isMethod(method.val)) return err(undefined);
    this.#method = method;
    return ok(undefined);
  }

  /** `path-with-query: func() -> option<string>;` */
  pathWithQuery(): string | undefined {
    return this.#pathWithQuery;
  }

  /** `set-path-with-query: func(path-with-query: option<string>) -> result;` */
  setPathWithQuery(pathWithQuery: string | undefined): WitResult<undefined> {
    if (pathWithQuery !== undefined && !isPathWithQuery(pathWithQuery)) return err(undefined);
    this.#pathWithQuery = pathWithQuery;
    return ok(undefined);
  }

  /** `scheme: func() -> option<scheme>;` */
  scheme(): Scheme | undefined {
    return this.#scheme;
  }

  /** `set-scheme: func(scheme: option<scheme>) -> result;` */
  setScheme(scheme: Scheme | undefined): WitResult<undefined> {
    if (scheme?.tag === 'other' && !isScheme(scheme.val)) return err(undefined);
    this.#scheme = scheme;
    return ok(undefined);
  }

  /** `authority: func() -> option<string>;` */
  authority(): string | undefined {
    return this.#authority;
  }

  /** `set-authority: func(authority: option<string>) -> result;` */
  setAuthority(authority: string | undefined): WitResult<undefined> {
    if (authority !== undefined && !isAuthority(authority)) return err(undefined);
    this.#authority = authority;
    return ok(undefined);
  }

  /** `headers: func() -> headers;` */
  headers(): Fields {
    return Fields.immutable(this.#headers.entries());
  }

  /** Headers as entries and the body written so far. */
  snapshot(): { headers: [string, Uint8Array][]; body: OutgoingBody | undefined } {
    return { headers: this.#headers.entries(), body: this.#body };
  }
}

/** `resource request-options`: durations in nanoseconds, enforced by the dispatcher. */
export class RequestOptions {
  #connectTimeout: bigint | undefined;
  #firstByteTimeout: bigint | undefined;
  #betweenBytesTimeout: bigint | undefined;

  /** `connect-timeout: func() -> option<duration>;` */
  connectTimeout(): bigint | undefined {
    return this.#connectTimeout;
  }

  /** `set-connect-timeout: func(duration: option<duration>) -> result;` */
  setConnectTimeout(duration: bigint | undefined): WitResult<undefined> {
    this.#connectTimeout = duration;
    return ok(undefined);
  }

  /** `first-byte-timeout: func() -> option<duration>;` */
  firstByteTimeout(): bigint | undefined {
    return this.#firstByteTimeout;
  }

  /** `set-first-byte-timeout: func(duration: option<duration>) -> result;` */
  setFirstByteTimeout(duration: bigint | undefined): WitResult<undefined> {
    this.#firstByteTimeout = duration;
    return ok(undefined);
  }

  /** `between-bytes-timeout: func() -> option<duration>;` */
  betweenBytesTimeout(): bigint | undefined {
    return this.#betweenBytesTimeout;
  }

  /** `set-between-bytes-timeout: func(duration: option<duration>) -> result;` */
  setBetweenBytesTimeout(duration: bigint | undefined): WitResult<undefined> {
    this.#betweenBytesTimeout = duration;
    return ok(undefined);
  }

  /** The timeouts set, in milliseconds, for the main thread. */
  timeouts(): OutboundTimeouts {
    return { connectMs: toMs(this.#connectTimeout), firstByteMs: toMs(this.#firstByteTimeout), betweenBytesMs: toMs(this.#betweenBytesTimeout) };
  }
}

function toMs(nanoseconds: bigint | undefined): number | undefined {
  return nanoseconds === undefined ? undefined : Number(nanoseconds) / 1e6;
}
