// Access tokens kept until shortly before they expire, so a workbook full of KALIBRATE cells costs one token request an
// hour instead of one per cell. The key covers environment, client id, scope and the secret, HMACed with the
// deployment's cache key: a caller with a different secret or scope never receives someone else's token, and neither
// the secret nor a hash usable to test guesses offline is stored. Identical concurrent requests share one upstream call:
// in-process by a promise, across a fleet by a short lock in the shared store. A token the Data API refuses (401) is
// evicted so the add-in's one retry gets a new one.
import { createHmac, randomBytes } from "node:crypto";
import { SingleFlight } from "../core/util";
import { MemoryTokenStore, type TokenStore } from "./token-store";

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
  /** Default: in memory, bounded to `maxEntries` (1000). */
  store?: TokenStore;
  maxEntries?: number;
  /** The deployment's RELAY_CACHE_KEY; a random per-process key when absent (one instance only). */
  cacheKey?: string | Buffer;
  /** A token is handed out only while it has more than this left. */
  marginMs?: number;
  /** Longest a shared-store lock is held, and how long others wait for its holder's token. */
  lockMs?: number;
}

export type TokenSource = "cache" | "upstream" | "peer";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TokenCache {
  private readonly lookupKey: Buffer;
  private readonly inFlight = new SingleFlight<string, { token: CachedToken; source: TokenSource }>();
  private readonly marginMs: number;
  private readonly lockMs: number;
  readonly store: TokenStore;

  constructor(private readonly options: TokenCacheOptions) {
    this.store = options.store ?? new MemoryTokenStore(options.now, options.maxEntries);
    const root = options.cacheKey === undefined ? randomBytes(32) : Buffer.from(options.cacheKey);
    this.lookupKey = derive(root, "token lookup");
    this.marginMs = options.marginMs ?? 5 * 60_000;
    this.lockMs = options.lockMs ?? 10_000;
  }

  key(parts: TokenKeyParts): string {
    const hmac = createHmac("sha256", this.lookupKey);
    for (const part of [parts.environment, parts.clientId, parts.scope, parts.clientSecret]) {
      hmac
        .update(String(Buffer.byteLength(part)))
        .update(":")
        .update(part);
    }
    return hmac.digest("base64url");
  }

  /** Keyed id of an access token, so the token itself is never a store key. */
  tokenId(accessToken: string): string {
    return createHmac("sha256", this.lookupKey).update("token:").update(accessToken).digest("base64url");
  }

  /** Keyed id of a client id for the attempt budget (lower-cased: Azure AD compares client ids without case). */
  clientKey(clientId: string): string {
    return createHmac("sha256", this.lookupKey).update("client:").update(clientId.toLowerCase()).digest("base64url");
  }

  /** A token with more than the margin left, or undefined. */
  async cached(key: string): Promise<CachedToken | undefined> {
    const token = await this.store.get(key);
    return token && this.fresh(token) ? token : undefined;
  }

  /** A cached token, or the result of `fetch` shared by all concurrent callers (in this process and the fleet). */
  async get(key: string, fetch: () => Promise<CachedToken>): Promise<{ token: CachedToken; source: TokenSource }> {
    const cached = await this.cached(key);
    if (cached) return { token: cached, source: "cache" };
    return this.inFlight.run(key, () => this.fill(key, fetch));
  }

  /** Drops the cache entry holding this access token (and only it), e.g. after the Data API refused the token. */
  async evict(accessToken: string): Promise<void> {
    await this.store.evict(this.tokenId(accessToken));
  }

  private async fill(
    key: string,
    fetch: () => Promise<CachedToken>,
  ): Promise<{ token: CachedToken; source: TokenSource }> {
    const store = this.store;
    const giveUpAt = this.options.now() + this.lockMs;
    for (let wait = 20; ; wait = Math.min(wait * 2, 200)) {
      const lock = await store.lock(key, this.lockMs);
      if (lock !== undefined) {
        try {
          // Another instance may have stored the token between our miss and our lock.
          const stored = await this.cached(key);
          if (stored) return { token: stored, source: "peer" };
          const token = await fetch();
          const ttl = token.expiresAt - this.marginMs - this.options.now();
          if (ttl > 0) await store.set(key, token, this.tokenId(token.accessToken), ttl);
          return { token, source: "upstream" };
        } finally {
          await store.unlock(key, lock).catch(() => undefined);
        }
      }
      // Someone else holds the lock: their token lands in the store shortly.
      await sleep(wait);
      const stored = await this.cached(key);
      if (stored) return { token: stored, source: "peer" };
      if (this.options.now() > giveUpAt) {
        // The holder died or the token endpoint is slow: ask ourselves rather than wait for ever.
        return { token: await fetch(), source: "upstream" };
      }
    }
  }

  private fresh(token: CachedToken): boolean {
    return token.expiresAt - this.marginMs > this.options.now();
  }
}

/** A sub-key for one purpose, so the deployment key itself is never used directly. */
export function derive(root: Buffer, purpose: string): Buffer {
  return createHmac("sha256", root).update(`kalibrate-relay ${purpose} v1`).digest();
}
