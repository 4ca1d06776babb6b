/**
 * Newest answer wins, for data the view fetches again and again (components, learn
 * proposals). The runtime answers each request with its state at the time it gets it,
 * but answers can arrive in any order (one waits on a file read, another on a reload),
 * so an answer is shown only if no newer request's answer has been shown: a late
 * answer never replaces a newer one, and a newer request that fails leaves the view to
 * the older ones still on their way.
 */
export class LatestRequest<T> {
  readonly #show: (value: T) => void;
  #started = 0;
  #shown = 0;

  /** `show` receives each answer newer than the one on screen. */
  constructor(show: (value: T) => void) {
    this.#show = show;
  }

  /**
   * Awaits `request`, which must have just been sent, and shows its answer unless a
   * newer request's answer is already shown. Resolves to the answer either way.
   */
  async settle(request: Promise<T>): Promise<T> {
    const ticket = ++this.#started;
    const value = await request;
    if (ticket > this.#shown) {
      this.#shown = ticket;
      this.#show(value);
    }
    return value;
  }
}
