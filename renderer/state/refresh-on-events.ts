import type { SpinscopeApi, Unsubscribe } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';

/**
 * Calls `refresh` once, `delayMs` after a batch of recorded events holds one of `kinds`;
 * batches meanwhile ride along. For views that ask the runtime for something derived from
 * the whole session (learn mode, the audit) rather than folding each event in.
 */
export class RefreshOnEvents {
  readonly #api: SpinscopeApi;
  readonly #kinds: ReadonlySet<SpinscopeEvent['kind']>;
  readonly #delayMs: number;
  readonly #refresh: () => unknown;
  #unsubscribe: Unsubscribe | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: SpinscopeApi, kinds: ReadonlySet<SpinscopeEvent['kind']>, delayMs: number, refresh: () => unknown) {
    this.#api = api;
    this.#kinds = kinds;
    this.#delayMs = delayMs;
    this.#refresh = refresh;
  }

  start(): void {
    this.#unsubscribe ??= this.#api.onEvents((batch) => {
      if (batch.events.some((event) => this.#kinds.has(event.kind))) this.#refreshSoon();
    });
  }

  /** Stops following events; a refresh already asked for still lands. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #refreshSoon(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#refresh();
    }, this.#delayMs);
  }
}
