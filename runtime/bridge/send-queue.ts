import type { WebSocket } from 'ws';
import { encodeMessage, type ServerMessage } from '../api/bridge-protocol.js';
import { recordedBytes } from '../events/index.js';
import { appProblemOf } from '../session/index.js';
import { BridgeError } from './bridge-error.js';
import { encodeInSlices } from './sliced-encoding.js';

/** How far one connection may fall behind, and how its messages are encoded. */
export interface SendLimits {
  /** What messages waiting to be encoded may weigh (as the event store weighs events) before the client is disconnected. */
  readonly maxQueuedBytes: number;
  /** Bytes the socket may hold unsent before encoding waits for the client to read. */
  readonly maxBufferedBytes: number;
  /** How long encoding may wait for the client to read before it is disconnected. */
  readonly stallMs: number;
  /** How long a disconnected client has to answer the close frame before its socket is destroyed. */
  readonly closeGraceMs: number;
  /** Encoding yields to the event loop after this much work. */
  readonly sliceMs: number;
}

/**
 * Defaults: a browser more than 16 MiB behind is disconnected (close code 1013, "try again
 * later"); it reconnects and catches up from `events()`. Encoding runs 4 ms at a time,
 * a quarter of a 60 Hz frame, leaving room for one event's overrun and a GC pause.
 */
export const SEND_LIMITS: SendLimits = {
  maxQueuedBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  stallMs: 10_000,
  closeGraceMs: 2_000,
  sliceMs: 4,
};

const POLL_MS = 20;
/** Sending a piece costs a copy of it on this thread: a megabyte keeps that to a millisecond or so. */
const PIECE_CHARS = 1024 * 1024;

/**
 * Every message the bridge sends one connection, answers and pushes alike, in order and
 * within a bound: messages wait here unencoded (holding only references), are encoded a
 * slice at a time, and go out only while the socket holds less than `maxBufferedBytes`.
 * A client that stops reading, or asks faster than it reads, is disconnected when the
 * queue outgrows `maxQueuedBytes` or the socket stays full for `stallMs`; nothing is
 * buffered without bound. One message always fits, however large, so a client that
 * keeps up can receive any page; a large one goes out as fragments while it is encoded,
 * never as one string built whole.
 */
export class SendQueue {
  readonly #socket: WebSocket;
  readonly #limits: SendLimits;
  readonly #queue: { readonly message: ServerMessage; readonly bytes: number }[] = [];
  #queuedBytes = 0;
  #draining = false;
  #closed = false;

  constructor(socket: WebSocket, limits: SendLimits = SEND_LIMITS) {
    this.#socket = socket;
    this.#limits = limits;
    socket.once('close', () => this.#stop());
  }

  /** True once the client was disconnected for falling behind, or the socket closed. */
  get closed(): boolean {
    return this.#closed || this.#socket.readyState !== this.#socket.OPEN;
  }

  /** Queues a message; a client already too far behind is disconnected instead. */
  send(message: ServerMessage): void {
    if (this.closed) return;
    const bytes = recordedBytes(message);
    if (this.#queue.length > 0 && this.#queuedBytes + bytes > this.#limits.maxQueuedBytes) return this.#fellBehind();
    this.#queue.push({ message, bytes });
    this.#queuedBytes += bytes;
    if (!this.#draining) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (let next = this.#queue[0]; next !== undefined && !this.closed; next = this.#queue[0]) {
        if (!(await this.#roomToSend())) return this.#fellBehind();
        await this.#sendOne(next.message);
        this.#queue.shift();
        this.#queuedBytes -= next.bytes;
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * Sends one message as fragments of it (RFC 6455 §5.4) while it is encoded; the last
   * piece is held back to be sent with `fin`. A value that is not plain data must not
   * take the server down: a call gets an error answer instead, or, when part of the
   * message has gone out, the connection is closed (1011).
   */
  async #sendOne(message: ServerMessage): Promise<void> {
    let held: string | undefined;
    let started = false;
    try {
      await encodeInSlices(message, {
        sliceMs: this.#limits.sliceMs,
        pieceChars: PIECE_CHARS,
        onPiece: (piece) => {
          if (held !== undefined && !this.closed) {
            this.#socket.send(held, { fin: false });
            started = true;
          }
          held = piece;
        },
      });
    } catch (error) {
      if (started) {
        this.#stop();
        this.#socket.close(1011, 'an answer could not be encoded');
        return;
      }
      held = message.type === 'result' || message.type === 'error' ? encodeMessage({ type: 'error', id: message.id, error: appProblemOf(new BridgeError(`the answer could not be encoded: ${String(error)}`, { cause: error })) }) : undefined;
    }
    if (held !== undefined && !this.closed) this.#socket.send(held, { fin: true });
  }

  /** Waits while the socket is full; false when the client has not read for `stallMs`. */
  async #roomToSend(): Promise<boolean> {
    const since = performance.now();
    while (this.#socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      if (this.closed || performance.now() - since > this.#limits.stallMs) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return true;
  }

  #fellBehind(): void {
    if (this.closed) return;
    this.#stop();
    this.#socket.close(1013, 'the inspector fell behind; reconnect to catch up');
    // A client that reads nothing never answers the close frame queued behind its backlog.
    const destroy = setTimeout(() => this.#socket.terminate(), this.#limits.closeGraceMs).unref();
    this.#socket.once('close', () => clearTimeout(destroy));
  }

  #stop(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
  }
}
