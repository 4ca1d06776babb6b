/** Local listeners of one topic; a throwing listener does not keep the others from hearing. */
export class ListenerSet<T> {
  readonly #listeners = new Set<(value: T) => void>();

  /** How many listeners there are. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Adds `listener`; the returned function removes it and tells whether it was still there. */
  add(listener: (value: T) => void): () => boolean {
    // Wrapped so the same function added twice is two listeners, each removed once.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  /** Calls every listener with `value`. */
  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
