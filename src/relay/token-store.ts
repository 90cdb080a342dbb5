// Where cached tokens live: this small interface, in memory for one instance (here) or in Redis for a fleet
// (redis-stores.ts). Keys are already keyed hashes (token-cache.ts); the store never sees a secret.
import { randomUUID } from "node:crypto";
import { LruCache } from "../core/util";
import type { CachedToken } from "./token-cache";

export interface TokenStore {
  get(key: string): Promise<CachedToken | undefined>;
  /** Keeps `token` under `key` for `ttlMs`, findable by `tokenId` for eviction. */
  set(key: string, token: CachedToken, tokenId: string, ttlMs: number): Promise<void>;
  /** Deletes the entry whose token has this id, if it is still the one stored; answers that entry's key. */
  evict(tokenId: string): Promise<string | undefined>;
  /** A lock owner id when the lock was taken, undefined when someone else holds it. */
  lock(key: string, ttlMs: number): Promise<string | undefined>;
  unlock(key: string, owner: string): Promise<void>;
  close?(): Promise<void>;
}

interface MemoryEntry {
  token: CachedToken;
  tokenId: string;
  expiresAt: number;
}

/** Bounded: the least recently used entry goes first. Locks are not needed in one process (token-cache.ts shares
 * concurrent fetches by promise), so they are always granted. */
export class MemoryTokenStore implements TokenStore {
  private readonly entries: LruCache<string, MemoryEntry>;

  constructor(
    private readonly now: () => number,
    maxEntries = 1000,
  ) {
    this.entries = new LruCache({ maxEntries });
  }

  async get(key: string): Promise<CachedToken | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  async set(key: string, token: CachedToken, tokenId: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { token, tokenId, expiresAt: this.now() + ttlMs });
  }

  /** Rare (after Kalibrate refused a token), over at most maxEntries entries: a scan, rather than a second index. */
  async evict(tokenId: string): Promise<string | undefined> {
    for (const [key, entry] of this.entries.entries()) {
      if (entry.tokenId === tokenId) {
        this.entries.delete(key);
        return key;
      }
    }
    return undefined;
  }

  async lock(): Promise<string> {
    return randomUUID();
  }

  async unlock(): Promise<void> {}

  get size(): number {
    return this.entries.size;
  }
}
