// Single flight: callers asking for the same key while its work is in progress share that one promise, and the next
// call after it settles starts afresh. Nothing is cached beyond the flight (a cache, where wanted, is the caller's).
export class SingleFlight<K, V> {
  readonly #flights = new Map<K, Promise<V>>();

  /** The flight for `key`: the one in progress, or `work()` started now. */
  run(key: K, work: () => Promise<V>): Promise<V> {
    const current = this.#flights.get(key);
    if (current) return current;
    const flight = work().finally(() => {
      // A flight forgotten (clear) and started again since must not be dropped by the older one settling.
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    this.#flights.set(key, flight);
    return flight;
  }

  /** Whether a flight for `key` is in progress. */
  has(key: K): boolean {
    return this.#flights.has(key);
  }

  /** Forgets every flight in progress: the next call starts new work (the old promises still settle for their callers). */
  clear(): void {
    this.#flights.clear();
  }
}
