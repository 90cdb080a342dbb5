// Slows down secret guessing: after `maxFailures` refused token attempts for one client id within the window, further
// attempts for that client id are refused (429) without calling Azure AD until the oldest failure leaves the window.
// Cache hits are refused too while blocked, or a guesser could keep trying secrets against the cache, and a success
// does not reset the count, or a guesser could interleave with the real user's requests. Kept in memory
// per instance (the relay is stateless), bounded in the number of client ids it remembers.

export interface FailureLimiterOptions {
  now: () => number;
  maxFailures?: number;
  windowMs?: number;
  maxTrackedClients?: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxTrackedClients: number;

  constructor(private readonly options: FailureLimiterOptions) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxTrackedClients = options.maxTrackedClients ?? 10_000;
  }

  /** Seconds the client id must wait before trying again, or 0 when it may try now. */
  retryAfterSeconds(clientId: string): number {
    const recent = this.recent(clientId);
    if (recent.length < this.maxFailures) return 0;
    const freeAt = recent[recent.length - this.maxFailures] + this.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.options.now()) / 1000));
  }

  recordFailure(clientId: string): void {
    const recent = this.recent(clientId);
    recent.push(this.options.now());
    this.failures.delete(clientId);
    this.failures.set(clientId, recent.slice(-this.maxFailures));
    while (this.failures.size > this.maxTrackedClients) {
      this.failures.delete(this.failures.keys().next().value as string);
    }
  }

  private recent(clientId: string): number[] {
    const cutoff = this.options.now() - this.windowMs;
    const kept = (this.failures.get(clientId) ?? []).filter((time) => time > cutoff);
    if (kept.length === 0) this.failures.delete(clientId);
    return kept;
  }
}
