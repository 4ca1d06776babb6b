/** Exchanges answered without a socket (denials, chaining): their controller, and a response delivered through a handler's hooks as the network would deliver it. */
import type { Dispatcher } from 'undici';
import { ByteQueue, type Response } from '../http/index.js';
import { headerObject } from './dispatch-headers.js';

const CHUNK_SIZE = 64 * 1024;

/** A `DispatchController` for exchanges answered without a socket (denials, chaining). */
export class MemoryController implements Dispatcher.DispatchController {
  rawHeaders: Buffer[] | null = null;
  rawTrailers: Buffer[] | null = null;
  #aborted = false;
  #paused = false;
  #reason: Error | null = null;
  #resumed: (() => void) | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.resume();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#resumed?.();
    this.#resumed = undefined;
  }

  /** Resolves once the consumer is not paused (or has aborted). */
  async whenFlowing(): Promise<void> {
    if (!this.#paused || this.#aborted) return;
    await new Promise<void>((resolve) => (this.#resumed = resolve));
  }
}

/**
 * Delivers a response through the v2 hooks as the network would: headers, then the
 * body in chunks as it comes (honouring pause), then the end. An abort, or a body
 * that fails, ends it with `onResponseError`.
 */
export async function replayResponse(controller: MemoryController, handler: Dispatcher.DispatchHandler, response: Response<Uint8Array | ByteQueue>): Promise<void> {
  controller.rawHeaders = response.headers.flatMap(([name, value]) => [Buffer.from(name, 'latin1'), Buffer.from(value, 'latin1')]);
  handler.onResponseStart?.(controller, response.status, headerObject(response.headers), '');
  const body = response.body instanceof Uint8Array ? ByteQueue.complete(response.body) : response.body;
  let handedOver = 0;
  const aborted = async (): Promise<boolean> => {
    await controller.whenFlowing();
    if (!controller.aborted) return false;
    abandonResponse(response, handedOver);
    handler.onResponseError?.(controller, controller.reason ?? new Error('aborted'));
    return true;
  };
  for await (const chunk of body.chunks(CHUNK_SIZE)) {
    if (await aborted()) return;
    handler.onResponseData?.(controller, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    handedOver += chunk.byteLength;
  }
  if (await aborted()) return;
  response.onDelivered?.(undefined);
  if (body.error !== undefined) handler.onResponseError?.(controller, new Error(`the component failed while writing its response (${body.error.tag})`));
  else handler.onResponseEnd?.(controller, {});
}

/** Nobody reads the rest of `response`: the component writing it must not be held back, and hears how much was read. */
export function abandonResponse(response: Response<Uint8Array | ByteQueue>, handedOver = 0): void {
  if (!(response.body instanceof Uint8Array)) response.body.discard();
  response.onDelivered?.({ bytesSent: handedOver });
}
