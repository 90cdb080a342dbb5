// Slows down secret guessing: each client id has a budget of `maxFailures` token-endpoint attempts per window. An
// attempt reserves a slot BEFORE the upstream call (so guesses already in flight count: 100 concurrent guesses let at
// most `maxFailures` through), a success gives its slot back, a refusal keeps it for the window. A client id with no
// slot left is answered 429 without calling Azure AD. A success does not reset the failures, or a guesser could
// interleave with the real user. Cached tokens are handed out before this budget is asked (see token-route.ts), so the
// owner of a cached token is never locked out by someone who only knows the client id.
// Two implementations behind one interface: in memory (one instance) and in Redis (a fleet; redis-stores.ts).

export interface Reservation {
  /** Gives the slot back (`failed` false) or keeps it as a failure for the window (`failed` true). */
  settle(failed: boolean): Promise<void>;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; retryAfterSeconds: number };

export interface AttemptBudget {
  reserve(clientId: string): Promise<ReserveResult>;
  close?(): Promise<void>;
}

export interface MemoryAttemptBudgetOptions {
  now: () => number;
  maxFailures?: number;
  windowMs?: number;
  /** Past this many tracked ids, ids with nothing in the window are swept; ids still counting are never dropped. */
  sweepAbove?: number;
  /** Past this many ids that are all still counting, attempts for NEW ids are refused too (fail closed, not open). */
  hardLimit?: number;
}

interface Entry {
  /** Times of refused attempts still inside the window, oldest first. */
  failures: number[];
  inFlight: number;
}

export class MemoryAttemptBudget implements AttemptBudget {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly sweepAbove: number;
  private readonly hardLimit: number;
  private sweepAt: number;

  constructor(private readonly options: MemoryAttemptBudgetOptions) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.sweepAbove = options.sweepAbove ?? 10_000;
    this.hardLimit = options.hardLimit ?? 200_000;
    this.sweepAt = this.sweepAbove;
  }

  async reserve(clientId: string): Promise<ReserveResult> {
    return this.reserveNow(clientId);
  }

  /** Synchronous core, so two reservations can never interleave. */
  reserveNow(clientId: string): ReserveResult {
    let entry = this.entries.get(clientId);
    if (entry) this.prune(entry);
    if (!entry) {
      if (this.entries.size >= this.sweepAt) {
        this.sweep();
        // Amortised: the next sweep waits until the map has doubled, so a flood of ids costs O(1) per id.
        this.sweepAt = Math.max(this.sweepAbove, this.entries.size * 2);
      }
      if (this.entries.size >= this.hardLimit) return { ok: false, retryAfterSeconds: Math.ceil(this.windowMs / 1000) };
      entry = { failures: [], inFlight: 0 };
      this.entries.set(clientId, entry);
    }
    if (entry.failures.length + entry.inFlight >= this.maxFailures) {
      return { ok: false, retryAfterSeconds: this.retryAfter(entry) };
    }
    entry.inFlight++;
    const held = entry;
    let settled = false;
    return {
      ok: true,
      reservation: {
        settle: async (failed) => {
          if (settled) return;
          settled = true;
          held.inFlight--;
          if (failed) held.failures.push(this.options.now());
          // Re-attach in case a sweep dropped the entry while the attempt was in flight (it was counting, so it was not).
          if (!this.entries.has(clientId)) this.entries.set(clientId, held);
        },
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }

  private retryAfter(entry: Entry): number {
    if (entry.failures.length < this.maxFailures) return 1; // attempts in flight hold the budget: ask again soon
    const freeAt = entry.failures[entry.failures.length - this.maxFailures] + this.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.options.now()) / 1000));
  }

  private prune(entry: Entry): void {
    const cutoff = this.options.now() - this.windowMs;
    let drop = 0;
    while (drop < entry.failures.length && entry.failures[drop] <= cutoff) drop++;
    if (drop > 0) entry.failures.splice(0, drop);
  }

  private sweep(): void {
    for (const [id, entry] of this.entries) {
      this.prune(entry);
      if (entry.failures.length === 0 && entry.inFlight === 0) this.entries.delete(id);
    }
  }
}
