/**
 * The `wasi:http/types@0.2.x` resources a guest reads: the request it
 * handles, responses to its outbound requests, and their bodies (whole, or
 * arriving while the guest reads them).
 */
import { Fields } from './http-fields.js';
import { headersToWit, methodToWit, schemeToWit, type Method, type Scheme } from './wit-http.js';
import type { ByteQueue, HttpErrorCode, RequestHead, Response } from '../http/index.js';
import { InputStream, Pollable, type WaitForActivity } from './wasi-io.js';
import { err, ok, type WitResult } from './wit-result.js';

/** `resource incoming-request` */
export class IncomingRequest {
  readonly #request: RequestHead;
  #body: IncomingBody | undefined;

  /** A body still arriving is waited for on `wait`. */
  constructor(request: RequestHead, body: Uint8Array | ByteQueue, wait?: WaitForActivity) {
    this.#request = request;
    this.#body = new IncomingBody(body, wait);
  }

  /** `method: func() -> method;` */
  method(): Method {
    return methodToWit(this.#request.method);
  }

  /** `path-with-query: func() -> option<string>;` */
  pathWithQuery(): string | undefined {
    return this.#request.pathWithQuery;
  }

  /** `scheme: func() -> option<scheme>;` (always set: StarlingMonkey traps on `none`) */
  scheme(): Scheme {
    return schemeToWit(this.#request.scheme ?? 'http');
  }

  /** `authority: func() -> option<string>;` (the `Host` header unless given; StarlingMonkey traps on `none`) */
  authority(): string {
    return this.#request.authority ?? this.#request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? 'localhost';
  }

  /** `headers: func() -> headers;` (a fresh immutable child each call, as each is a separate own handle) */
  headers(): Fields {
    return Fields.immutable(headersToWit(this.#request.headers));
  }

  /** `consume: func() -> result<incoming-body>;` (succeeds once) */
  consume(): WitResult<IncomingBody> {
    return takeOnce(this.#body, () => (this.#body = undefined));
  }
}

/** `resource incoming-response` */
export class IncomingResponse {
  readonly #response: Response<ByteQueue>;
  #body: IncomingBody | undefined;

  /** What an outbound request got back; reading its body waits on `wait` for bytes still to come. */
  constructor(response: Response<ByteQueue>, wait: WaitForActivity) {
    this.#response = response;
    this.#body = new IncomingBody(response.body, wait);
  }

  /** `status: func() -> status-code;` */
  status(): number {
    return this.#response.status;
  }

  /** `headers: func() -> headers;` */
  headers(): Fields {
    return Fields.immutable(headersToWit(this.#response.headers));
  }

  /** `consume: func() -> result<incoming-body>;` (succeeds once) */
  consume(): WitResult<IncomingBody> {
    return takeOnce(this.#body, () => (this.#body = undefined));
  }
}

/** `resource incoming-body`: a body received in full, or one still arriving. */
export class IncomingBody {
  #stream: InputStream | undefined;

  constructor(source: Uint8Array | ByteQueue, wait?: WaitForActivity) {
    this.#stream = new InputStream(source, wait);
  }

  /** `%stream: func() -> result<input-stream>;` (succeeds once) */
  stream(): WitResult<InputStream> {
    return takeOnce(this.#stream, () => (this.#stream = undefined));
  }

  /** `finish: static func(this: incoming-body) -> future-trailers;` (bodies here never carry trailers) */
  static finish(_body: IncomingBody): FutureTrailers {
    return new FutureTrailers();
  }
}

/** `resource future-trailers`, always resolved to "no trailers". */
export class FutureTrailers {
  /** `subscribe: func() -> pollable;` */
  subscribe(): Pollable {
    return new Pollable();
  }

  /** `get: func() -> option<result<result<option<trailers>, error-code>>>;` */
  get(): WitResult<WitResult<Fields | undefined, HttpErrorCode>> {
    return ok(ok(undefined));
  }
}

/** Hands out a child resource the first time, then the WIT's unit error. */
function takeOnce<T>(value: T | undefined, forget: () => void): WitResult<T> {
  if (value === undefined) return err(undefined);
  forget();
  return ok(value);
}
