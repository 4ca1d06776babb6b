/**
 * Quitting: the Spin app stops first (its listener, workers and stores), but
 * quitting never waits on it for more than a time limit. Pure: the stop and
 * the quit are injected.
 */

/** How long quitting waits for the session to close. */
export const QUIT_TIME_LIMIT_MS = 10_000;

/** How stopping ended. */
export type StopOutcome = { readonly kind: 'stopped' } | { readonly kind: 'failed'; readonly error: unknown } | { readonly kind: 'timed-out'; readonly limitMs: number };

/** What a shutdown needs. */
export interface ShutdownOptions {
  /** Stops the session. */
  readonly stop: () => Promise<void>;
  /** Runs once when stopping ended, however it did; it quits again (and this time may). */
  readonly stopped: (outcome: StopOutcome) => void;
  readonly limitMs?: number;
}

/** Answers Electron's 'before-quit': the first stops the session, later ones wait for it. */
export class Shutdown {
  readonly #options: ShutdownOptions;
  #phase: 'running' | 'stopping' | 'stopped' = 'running';

  constructor(options: ShutdownOptions) {
    this.#options = options;
  }

  /** Whether the quit may go ahead now; when false, 'before-quit' must prevent it. */
  mayQuit(): boolean {
    if (this.#phase === 'stopped') return true;
    if (this.#phase === 'running') {
      this.#phase = 'stopping';
      void this.#stop();
    }
    return false;
  }

  async #stop(): Promise<void> {
    const limitMs = this.#options.limitMs ?? QUIT_TIME_LIMIT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StopOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timed-out', limitMs }), limitMs);
    });
    const stopping = Promise.resolve()
      .then(this.#options.stop)
      .then(
        (): StopOutcome => ({ kind: 'stopped' }),
        (error: unknown): StopOutcome => ({ kind: 'failed', error }),
      );
    const outcome = await Promise.race([stopping, timeout]);
    clearTimeout(timer);
    this.#phase = 'stopped';
    this.#options.stopped(outcome);
  }
}
