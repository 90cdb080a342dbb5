// A set of listeners: add returns the function that removes the listener again, emit calls every listener that was
// there when it started (one added or removed meanwhile does not change this emit). A listener that throws does not
// stop the others: the first error is thrown again once all have been called.
export class Listeners<A extends unknown[] = []> {
  readonly #listeners = new Set<(...args: A) => void>();

  add(listener: (...args: A) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get size(): number {
    return this.#listeners.size;
  }

  emit(...args: A): void {
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.#listeners]) {
      try {
        listener(...args);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
