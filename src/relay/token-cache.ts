// Access tokens kept until shortly before they expire, so a workbook full of KALIBRATE cells costs one token request an
// hour instead of one per cell. The key covers environment, client id, scope and a keyed hash of the secret: a caller
// with a different secret or scope never receives someone else's token, and the secret itself is never stored.
// Identical concurrent requests share one upstream call (single flight). Bounded: least recently used goes first.
import { createHmac, randomBytes } from "node:crypto";

export interface CachedToken {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenKeyParts {
  environment: string;
  clientId: string;
  scope: string;
  clientSecret: string;
}

export interface TokenCacheOptions {
  now: () => number;
  /** A token is handed out only while it has more than this left. */
  marginMs?: number;
  maxEntries?: number;
}

export class TokenCache {
  // Per process: the hashes mean nothing outside it and cannot be checked against guessed secrets offline.
  private readonly hashKey = randomBytes(32);
  private readonly entries = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();
  private readonly marginMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: TokenCacheOptions) {
    this.marginMs = options.marginMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  key(parts: TokenKeyParts): string {
    const hmac = createHmac("sha256", this.hashKey);
    for (const part of [parts.environment, parts.clientId, parts.scope, parts.clientSecret]) {
      hmac
        .update(String(Buffer.byteLength(part)))
        .update(":")
        .update(part);
    }
    return hmac.digest("base64url");
  }

  /** A cached token with more than the margin left, or the result of `fetch` shared by all concurrent callers. */
  async get(
    key: string,
    fetch: () => Promise<CachedToken>,
  ): Promise<{ token: CachedToken; source: "cache" | "upstream" }> {
    const cached = this.fresh(key);
    if (cached) return { token: cached, source: "cache" };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = fetch()
        .then((token) => {
          this.store(key, token);
          return token;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return { token: await pending, source: "upstream" };
  }

  get size(): number {
    return this.entries.size;
  }

  private fresh(key: string): CachedToken | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt - this.marginMs <= this.options.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert so Map order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private store(key: string, token: CachedToken): void {
    if (token.expiresAt - this.marginMs <= this.options.now()) return;
    this.entries.delete(key);
    this.entries.set(key, token);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
