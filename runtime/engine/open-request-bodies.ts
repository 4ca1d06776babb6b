/**
 * Main-thread side of the outbound request bodies a guest is still writing: each fills
 * as the worker sends on what the guest wrote, and ends when the guest finishes it.
 * What the dispatcher takes of each is reported back, so the guest writes no faster.
 */
import { ByteQueue, type OutboundResult } from '../http/index.js';
import type { BodyClose } from '../host/index.js';

/** wasmtime-wasi-http fails a body the guest dropped unfinished with this error code. */
const ABANDONED = { tag: 'HTTP-protocol-error' } as const;

/** The open request bodies of one inbound request's guest, by ticket. */
export class OpenRequestBodies {
  readonly #open = new Map<number, ByteQueue>();
  readonly #onTaken: (ticket: number, bytes: number) => void;

  /** `onTaken` hears how many bytes of which body its reader took. */
  constructor(onTaken: (ticket: number, bytes: number) => void) {
    this.#onTaken = onTaken;
  }

  /** A body that starts with `bytes`; the rest arrives under `ticket`. */
  open(ticket: number, bytes: Uint8Array): ByteQueue {
    const body = new ByteQueue((taken) => this.#onTaken(ticket, taken));
    body.push(bytes);
    this.#open.set(ticket, body);
    return body;
  }

  /** More of `ticket`'s body, and then how the guest closed it. */
  receive(ticket: number, part: { bytes?: Uint8Array; close?: BodyClose }): void {
    const body = this.#open.get(ticket);
    if (body === undefined) return;
    if (part.bytes !== undefined) body.push(part.bytes);
    if (part.close === undefined) return;
    this.#open.delete(ticket);
    if (part.close === 'finish') body.end();
    else body.fail(ABANDONED);
  }

  /** If `ticket`'s request fails, nobody reads the rest of its body: what the guest still writes is dropped rather than holding it back. */
  discardIfFailed(ticket: number, outcome: Promise<OutboundResult>): void {
    const discard = (): void => this.#open.get(ticket)?.discard();
    outcome.then((result) => ('response' in result ? undefined : discard()), discard);
  }

  /** The guest's request is over: a body it left open is abandoned, which fails its request. */
  close(): void {
    for (const body of this.#open.values()) body.fail(ABANDONED);
    this.#open.clear();
  }
}
