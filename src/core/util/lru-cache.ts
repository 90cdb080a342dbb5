// A least-recently-used map bounded by a total weight (bytes), by a count, or both: a Map keeps insertion order,
// so re-inserting on every read keeps the least recently used entry first, and that is the one dropped when a bound
// is passed. An entry heavier than the whole budget is not kept at all (it would evict everything and then itself).
export interface LruBounds<V> {
  /** The most total weight kept. Default: no bound on the weight. */
  maxWeight?: number;
  /** The weight of one value (e.g. its size in bytes). Default: 1. */
  weigh?: (value: V) => number;
  /** The most entries kept. Default: no bound on the count. */
  maxEntries?: number;
}

export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  readonly #maxWeight: number;
  readonly #maxEntries: number;
  readonly #weigh: (value: V) => number;
  #weight = 0;

  constructor(bounds: LruBounds<V>) {
    this.#maxWeight = Math.max(0, bounds.maxWeight ?? Number.POSITIVE_INFINITY);
    this.#maxEntries = Math.max(0, Math.floor(bounds.maxEntries ?? Number.POSITIVE_INFINITY));
    this.#weigh = bounds.weigh ?? (() => 1);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The total weight of the entries kept. */
  get weight(): number {
    return this.#weight;
  }

  /** The entries from least to most recently used, without using them. */
  *entries(): IterableIterator<[K, V]> {
    for (const [key, entry] of this.#entries) yield [key, entry.value];
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = Math.max(0, this.#weigh(value));
    if (this.#maxEntries === 0 || weight > this.#maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    while (this.#weight > this.#maxWeight || this.#entries.size > this.#maxEntries) {
      this.delete(this.#entries.keys().next().value as K);
    }
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }
}
