/**
 * Holds what main pushes to the renderer until the renderer says it is ready,
 * so nothing sent while the page loads (or reloads) is lost. Pure: the sender
 * is injected.
 */
import type { PushChannel, PushPayloads } from './ipc-channels.js';

/** Sends one message to the renderer (`webContents.send` in the app). */
export type SendToRenderer = <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => void;

interface Pending {
  readonly channel: PushChannel;
  readonly payload: PushPayloads[PushChannel];
}

/**
 * Past this many held messages the oldest go: a renderer that never becomes
 * ready must not grow main's memory, and one that does gets the history from
 * `events()` and `status()` anyway.
 */
export const MAX_HELD_MESSAGES = 10_000;

/** The renderer's mailbox: delivers at once when ready, holds otherwise. */
export class PushQueue {
  readonly #send: SendToRenderer;
  #held: Pending[] = [];
  #ready = false;

  constructor(send: SendToRenderer) {
    this.#send = send;
  }

  /** Delivers now, or holds until `ready()`. */
  push<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void {
    if (this.#ready) {
      this.#send(channel, payload);
      return;
    }
    this.#held.push({ channel, payload });
    if (this.#held.length > MAX_HELD_MESSAGES) this.#held.shift();
  }

  /** The renderer listens: delivers everything held, in order. */
  ready(): void {
    this.#ready = true;
    const held = this.#held;
    this.#held = [];
    for (const { channel, payload } of held) this.#send(channel, payload);
  }

  /** The page is (re)loading: hold again until it says ready. */
  hold(): void {
    this.#ready = false;
  }

  /** Messages waiting for the renderer. */
  get held(): number {
    return this.#held.length;
  }
}
