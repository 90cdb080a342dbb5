// An instance's short-lived copy of what it last read from the shared token store, so a busy fleet does not pay a
// Redis round trip and a decryption for every token request (3,000 requests a second for one client are 3,000 reads
// of one entry). The copy is kept for `ttlMs` (1 s) and only while the eviction feed is live: an eviction (a token the
// Data API refused) reaches every instance through that feed before the refusing instance answers its 401, and while
// the feed is down (Redis gone, reconnecting) nothing is served from the copy, so the token route fails closed as
// before. Entries hold what the in-memory store holds for a single instance; nothing new is kept.
import { LruCache } from "../core/util";
import type { CachedToken } from "./token-cache";
import type { TokenStore } from "./token-store";

export interface NearTokenStoreOptions {
  now: () => number;
  /** How long a copy read from the shared store is served without asking it again. */
  ttlMs?: number;
  maxEntries?: number;
}

interface NearEntry {
  token: CachedToken;
  until: number;
}

export const NEAR_COPY_MS = 1000;

export class NearTokenStore implements TokenStore {
  private readonly entries: LruCache<string, NearEntry>;
  private readonly ttlMs: number;
  private live = false;

  constructor(
    private readonly shared: TokenStore,
    private readonly options: NearTokenStoreOptions,
  ) {
    this.ttlMs = options.ttlMs ?? NEAR_COPY_MS;
    this.entries = new LruCache({ maxEntries: options.maxEntries ?? 1000 });
  }

  /** The eviction feed is (again) delivering: copies may be served. */
  feedLive(): void {
    this.live = true;
  }

  /** The eviction feed stopped: an eviction could be missed, so every copy goes and none is made until it is back. */
  feedLost(): void {
    this.live = false;
    this.entries.clear();
  }

  /** An eviction announced by another instance: the shared store's key whose token was refused. */
  evicted(key: string): void {
    this.entries.delete(key);
  }

  async get(key: string): Promise<CachedToken | undefined> {
    const near = this.entries.get(key);
    if (near && this.live && near.until > this.options.now()) return near.token;
    if (near) this.entries.delete(key);
    const token = await this.shared.get(key);
    if (token) this.remember(key, token);
    return token;
  }

  async set(key: string, token: CachedToken, tokenId: string, ttlMs: number): Promise<void> {
    await this.shared.set(key, token, tokenId, ttlMs);
    this.remember(key, token, Math.min(this.ttlMs, ttlMs));
  }

  async evict(tokenId: string): Promise<string | undefined> {
    const key = await this.shared.evict(tokenId);
    if (key !== undefined) this.entries.delete(key);
    return key;
  }

  lock(key: string, ttlMs: number): Promise<string | undefined> {
    return this.shared.lock(key, ttlMs);
  }

  unlock(key: string, owner: string): Promise<void> {
    return this.shared.unlock(key, owner);
  }

  private remember(key: string, token: CachedToken, ttlMs = this.ttlMs): void {
    if (!this.live) return;
    this.entries.set(key, { token, until: this.options.now() + ttlMs });
  }
}
