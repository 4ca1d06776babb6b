/** The handler wrappers outbound rules act through: pacing a body, cutting it, and saving a response for the record switch. */
import type { Dispatcher } from 'undici';
import type { RuleRecorder } from '../../rules/index.js';
import { BACKLOG_PAUSE_AT, BACKLOG_RESUME_AT } from '../../http/index.js';
import { responseHeaderPairs, type ResponseHeaders } from '../dispatch-headers.js';
import { ForwardingHandler } from '../forwarding-handler.js';
import type { VerdictHandler } from './enforce-policy.js';

type Controller = Dispatcher.DispatchController;

/** Slices the body into pieces of this many milliseconds of its rate, so it flows evenly. */
const SLICE_MS = 50;

/**
 * A `throttle` rule: hands the response body on at `bytesPerSecond`, each slice when the
 * rate allows it since the head arrived. The upstream is paused while a backlog waits.
 */
export class ThrottleBody extends ForwardingHandler {
  readonly #rate: number;
  readonly #slice: number;
  readonly #queue: Buffer[] = [];
  #queued = 0;
  #sent = 0;
  #start = 0;
  #timer: NodeJS.Timeout | undefined;
  #paused = false;
  #end: (() => void) | undefined;
  #controller: Controller | undefined;

  constructor(next: VerdictHandler, bytesPerSecond: number) {
    super(next);
    this.#rate = bytesPerSecond;
    this.#slice = Math.max(1, Math.ceil((bytesPerSecond * SLICE_MS) / 1000));
  }

  override onResponseStart(controller: Controller, statusCode: number, headers: ResponseHeaders, statusMessage?: string): void {
    this.#start = performance.now();
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Controller, chunk: Buffer): void {
    this.#controller = controller;
    for (let at = 0; at < chunk.byteLength; at += this.#slice) this.#queue.push(chunk.subarray(at, at + this.#slice));
    this.#queued += chunk.byteLength;
    if (!this.#paused && this.#queued >= BACKLOG_PAUSE_AT) {
      this.#paused = true;
      controller.pause();
    }
    if (this.#timer === undefined) this.#schedule();
  }

  override onResponseEnd(controller: Controller, trailers: ResponseHeaders): void {
    if (this.#timer === undefined) super.onResponseEnd(controller, trailers);
    else this.#end = () => super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Controller, error: Error): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    super.onResponseError(controller, error);
  }

  #schedule(): void {
    const slice = this.#queue[0];
    if (slice === undefined) {
      this.#timer = undefined;
      this.#end?.();
      return;
    }
    const due = this.#start + ((this.#sent + slice.byteLength) * 1000) / this.#rate;
    this.#timer = setTimeout(() => {
      this.#queue.shift();
      this.#sent += slice.byteLength;
      this.#queued -= slice.byteLength;
      if (this.#paused && this.#queued <= BACKLOG_RESUME_AT) {
        this.#paused = false;
        this.#controller?.resume();
      }
      if (this.#controller !== undefined) super.onResponseData(this.#controller, slice);
      this.#schedule();
    }, Math.max(0, due - performance.now()));
  }
}

/**
 * A `fail` rule with `connection-reset`: the response head goes through, then the body is
 * cut after `afterBytes` (or where it ends, if sooner) and the upstream connection aborted;
 * the guest's body stream fails with `error`'s code.
 */
export class ResetBody extends ForwardingHandler {
  #left: number;
  readonly #error: Error;
  #cut = false;

  constructor(next: VerdictHandler, afterBytes: number, error: Error) {
    super(next);
    this.#left = afterBytes;
    this.#error = error;
  }

  override onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#cut) return;
    if (chunk.byteLength < this.#left) {
      this.#left -= chunk.byteLength;
      super.onResponseData(controller, chunk);
      return;
    }
    if (this.#left > 0) super.onResponseData(controller, chunk.subarray(0, this.#left));
    this.#reset(controller);
    controller.abort(this.#error);
  }

  override onResponseEnd(controller: Controller, _trailers: ResponseHeaders): void {
    if (!this.#cut) this.#reset(controller);
  }

  override onResponseError(controller: Controller, error: Error): void {
    // After the cut, undici reports the abort that made it: the guest has heard already.
    if (!this.#cut) super.onResponseError(controller, error);
  }

  #reset(controller: Controller): void {
    this.#cut = true;
    super.onResponseError(controller, this.#error);
  }
}

/**
 * The record switch: keeps the response's status, headers and body (up to the recorder's
 * byte cap; a longer body is not recorded, and stops being kept) and hands them to the
 * recorder once the whole response has arrived.
 */
export class RecordResponse extends ForwardingHandler {
  readonly #recorder: RuleRecorder;
  readonly #method: string;
  readonly #url: string;
  #status = 0;
  #headers: [string, string][] = [];
  #chunks: Buffer[] | undefined = [];
  #size = 0;

  constructor(next: VerdictHandler, recorder: RuleRecorder, method: string, url: string) {
    super(next);
    this.#recorder = recorder;
    this.#method = method;
    this.#url = url;
  }

  override onResponseStart(controller: Controller, statusCode: number, headers: ResponseHeaders, statusMessage?: string): void {
    this.#status = statusCode;
    this.#headers = responseHeaderPairs(controller, headers);
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Controller, chunk: Buffer): void {
    this.#size += chunk.byteLength;
    if (this.#chunks !== undefined) {
      if (this.#size > this.#recorder.maxBodyBytes) this.#chunks = undefined;
      else this.#chunks.push(Buffer.from(chunk));
    }
    super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Controller, trailers: ResponseHeaders): void {
    if (this.#chunks !== undefined) {
      this.#recorder.record({ method: this.#method, url: this.#url, status: this.#status, headers: this.#headers, body: new Uint8Array(Buffer.concat(this.#chunks)) });
      this.#chunks = undefined;
    }
    super.onResponseEnd(controller, trailers);
  }
}
