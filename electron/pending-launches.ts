/**
 * Launches of a second Spinscope that arrive while this one is still starting.
 * Electron emits 'second-instance' any time after 'ready', also before our
 * session and window exist; the listener goes in at once and hands each request
 * here, which keeps them until main can act on them.
 */
import type { LaunchRequest } from './command-line.js';

/** Requests kept while starting; only the newest matter once the window is up. */
export const MAX_PENDING_LAUNCHES = 16;

/** Holds launch requests until `deliverTo`, then passes each on as it comes. */
export class PendingLaunches {
  #held: LaunchRequest[] = [];
  #handle: ((request: LaunchRequest) => void) | undefined;

  /** A second instance asked for something. */
  add(request: LaunchRequest): void {
    if (this.#handle !== undefined) {
      this.#handle(request);
      return;
    }
    this.#held.push(request);
    if (this.#held.length > MAX_PENDING_LAUNCHES) this.#held.shift();
  }

  /** Main is ready: handles what arrived meanwhile, in order, then every later request. */
  deliverTo(handle: (request: LaunchRequest) => void): void {
    this.#handle = handle;
    const held = this.#held;
    this.#held = [];
    for (const request of held) handle(request);
  }
}
