/**
 * Holds what main pushes to the renderer while no document of ours listens, so
 * nothing sent while the page loads, reloads or is replaced after a crash is
 * lost, and resumes as soon as one does. Pure: the sender is injected, and the
 * window's navigation reaches it as the calls below (see `follow-renderer.ts`).
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

/**
 * - `waiting`: no document listens yet; hold until one says ready.
 * - `ready`: the document shown listens; deliver at once.
 * - `navigating`: a document that listens is still shown, but a navigation that
 *   may replace it has started; hold until it is cancelled (deliver again) or
 *   commits (wait for the new document).
 */
type Phase = 'waiting' | 'ready' | 'navigating';

/** The renderer's mailbox: delivers at once when a document listens, holds otherwise. */
export class PushQueue {
  readonly #send: SendToRenderer;
  #held: Pending[] = [];
  #phase: Phase = 'waiting';

  constructor(send: SendToRenderer) {
    this.#send = send;
  }

  /** Delivers now, or holds until a document listens. */
  push<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void {
    if (this.#phase === 'ready') {
      this.#send(channel, payload);
      return;
    }
    this.#held.push({ channel, payload });
    if (this.#held.length > MAX_HELD_MESSAGES) this.#held.shift();
  }

  /** The document shown listens (the preload's "ready"): delivers everything held, in order. */
  ready(): void {
    this.#phase = 'ready';
    const held = this.#held;
    this.#held = [];
    for (const { channel, payload } of held) this.#send(channel, payload);
  }

  /** A main-frame navigation to another document started: hold while it may replace the page. */
  navigationStarted(): void {
    if (this.#phase === 'ready') this.#phase = 'navigating';
  }

  /** That navigation was blocked or aborted: the page that listens is still there, so deliver again. */
  navigationCancelled(): void {
    if (this.#phase === 'navigating') this.ready();
  }

  /**
   * A navigation committed a new document: wait for it to say ready. A "ready" that
   * arrived first came from that new document, so it stands.
   */
  documentReplaced(): void {
    if (this.#phase === 'navigating') this.#phase = 'waiting';
  }

  /** The renderer process is gone: nothing listens until a new document says ready. */
  rendererGone(): void {
    this.#phase = 'waiting';
  }

  /** Messages waiting for the renderer. */
  get held(): number {
    return this.#held.length;
  }
}
