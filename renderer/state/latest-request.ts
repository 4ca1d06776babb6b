/**
 * Last request wins, for data the view fetches again and again (components, learn
 * proposals). The runtime answers each request with its state at the time it gets it,
 * but answers can arrive in any order (one waits on a file read, another on a reload),
 * so only the answer to the most recently started request is shown.
 */
export class LatestRequest<T> {
  readonly #show: (value: T) => void;
  #started = 0;

  /** `show` receives each answer that is still the latest when it arrives. */
  constructor(show: (value: T) => void) {
    this.#show = show;
  }

  /**
   * Awaits `request`, which must have just been sent, and shows its answer unless a
   * newer request started meanwhile. Resolves to the answer either way.
   */
  async settle(request: Promise<T>): Promise<T> {
    const ticket = ++this.#started;
    const value = await request;
    if (ticket === this.#started) this.#show(value);
    return value;
  }
}
