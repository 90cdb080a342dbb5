// Shared state for a fleet of relay instances, in Redis (--redis URL / RELAY_REDIS_URL): the token cache, encrypted
// at rest with AES-256-GCM under a key derived from RELAY_CACHE_KEY, its cross-instance single-flight lock
// (SET NX PX), and the attempt budget as one atomic Lua script per reservation. Redis keys are keyed hashes, so Redis
// holds nothing that tests a guessed secret offline. Any Redis failure surfaces as StoreUnavailableError within
// a couple of seconds (no offline queue, a command timeout), which the token route answers 503: fail closed.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { AttemptBudget, ReserveResult } from "./failure-limiter";
import { StoreUnavailableError } from "./store-errors";
import { derive, type CachedToken } from "./token-cache";
import type { TokenStore } from "./token-store";

const PREFIX = "kalibrate-relay:";

export interface RedisConnectionOptions {
  /** How long one command may take before it counts as Redis being unreachable. */
  commandTimeoutMs?: number;
  onStateChange?: (state: "ready" | "unreachable", detail?: string) => void;
}

export function connectRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const timeout = options.commandTimeoutMs ?? 2000;
  const client = new Redis(url, {
    // Fail fast instead of queueing commands while disconnected: the token route must answer, not hang.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeout,
    commandTimeout: timeout,
    // Keep reconnecting for ever (back within a second of Redis returning), so no restart is needed.
    retryStrategy: (times) => Math.min(100 * times, 1000),
    lazyConnect: false,
    // Concurrent token requests' commands go out in one write: a busy instance sends far fewer packets.
    enableAutoPipelining: true,
  });
  let state: "ready" | "unreachable" | undefined;
  const report = (next: "ready" | "unreachable", detail?: string) => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next, detail);
  };
  client.on("ready", () => report("ready"));
  client.on("error", (error: Error) => report("unreachable", error.message));
  client.on("end", () => report("unreachable", "connection closed"));
  return client;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StoreUnavailableError((error as Error).message);
  }
}

export class RedisTokenStore implements TokenStore {
  private readonly encryptionKey: Buffer;

  constructor(
    private readonly redis: Redis,
    cacheKey: string | Buffer,
  ) {
    this.encryptionKey = derive(Buffer.from(cacheKey), "token encryption");
  }

  async get(key: string): Promise<CachedToken | undefined> {
    const stored = await guarded(() => this.redis.get(PREFIX + "token:" + key));
    if (!stored) return undefined;
    try {
      return this.open(stored, key).token;
    } catch {
      // Written under another RELAY_CACHE_KEY (a rotation) or damaged: treat as absent.
      return undefined;
    }
  }

  async set(key: string, token: CachedToken, tokenId: string, ttlMs: number): Promise<void> {
    const ttl = Math.max(1, Math.floor(ttlMs));
    await guarded(() =>
      this.redis
        .multi()
        .set(PREFIX + "token:" + key, this.seal({ token, tokenId }, key), "PX", ttl)
        .set(PREFIX + "by-token:" + tokenId, key, "PX", ttl)
        .exec(),
    );
  }

  async evict(tokenId: string): Promise<string | undefined> {
    const key = await guarded(() => this.redis.get(PREFIX + "by-token:" + tokenId));
    if (!key) return undefined;
    const stored = await guarded(() => this.redis.get(PREFIX + "token:" + key));
    let current: string | undefined;
    try {
      current = stored ? this.open(stored, key).tokenId : undefined;
    } catch {
      current = undefined;
    }
    const keys = [PREFIX + "by-token:" + tokenId];
    // Only the entry that still holds the refused token: a newer token for the same credentials stays.
    if (current !== tokenId) {
      await guarded(() => this.redis.del(...keys));
      return undefined;
    }
    keys.push(PREFIX + "token:" + key);
    // Deleted, then announced, both before the refusing instance answers its 401: every instance drops its near copy
    // (near-token-store.ts) before the add-in's retry can reach it.
    await guarded(() =>
      this.redis
        .multi()
        .del(...keys)
        .publish(EVICTIONS, key)
        .exec(),
    );
    return key;
  }

  async lock(key: string, ttlMs: number): Promise<string | undefined> {
    const owner = randomUUID();
    const taken = await guarded(() => this.redis.set(PREFIX + "lock:" + key, owner, "PX", ttlMs, "NX"));
    return taken === "OK" ? owner : undefined;
  }

  async unlock(key: string, owner: string): Promise<void> {
    await guarded(() => this.redis.eval(UNLOCK, 1, PREFIX + "lock:" + key, owner));
  }

  private seal(value: { token: CachedToken; tokenId: string }, key: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encryptionKey, iv);
    // The Redis key is authenticated too: an entry copied under another key does not decrypt.
    cipher.setAAD(Buffer.from(key));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
  }

  private open(stored: string, key: string): { token: CachedToken; tokenId: string } {
    const bytes = Buffer.from(stored, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.encryptionKey, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(key));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text);
  }
}

/** The channel on which instances announce evicted token keys (keyed hashes, as the store's keys are). */
const EVICTIONS = PREFIX + "evicted";

export interface EvictionFeed {
  /** Subscribed and delivering: from now on no eviction is missed. */
  onLive(): void;
  /** Disconnected: evictions may be missed until onLive again. */
  onLost(): void;
  onEvicted(key: string): void;
}

/**
 * Listens for evictions on a connection of its own (a subscribed connection can do nothing else). ioredis
 * reconnects for ever; each time it is ready the channel is subscribed again before the feed counts as live.
 */
export function subscribeToEvictions(redis: Redis, feed: EvictionFeed): Redis {
  const subscriber = redis.duplicate();
  subscriber.on("ready", () => {
    subscriber.subscribe(EVICTIONS).then(feed.onLive, feed.onLost);
  });
  subscriber.on("error", feed.onLost);
  subscriber.on("close", feed.onLost);
  subscriber.on("message", (channel: string, key: string) => {
    if (channel === EVICTIONS) feed.onEvicted(key);
  });
  return subscriber;
}

const UNLOCK = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

// One sorted set per client id: members "f:<id>" are failures scored by when they leave the window, "r:<id>" are
// reservations in flight scored by when they lapse (an instance that dies mid-call does not hold a slot for ever).
// Redis's clock, not the instances', so a fleet agrees on the window.
const RESERVE = `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now)
local used = redis.call("ZCARD", KEYS[1])
if used >= tonumber(ARGV[1]) then
  local first = redis.call("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
  local retry = math.max(1, math.ceil((tonumber(first[2]) - now) / 1000))
  return {0, retry}
end
redis.call("ZADD", KEYS[1], now + tonumber(ARGV[3]), "r:" .. ARGV[4])
redis.call("PEXPIRE", KEYS[1], math.max(tonumber(ARGV[2]), tonumber(ARGV[3])))
return {1, 0}`;

const SETTLE = `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call("ZREM", KEYS[1], "r:" .. ARGV[1])
if ARGV[2] == "1" then
  redis.call("ZADD", KEYS[1], now + tonumber(ARGV[3]), "f:" .. ARGV[1])
  redis.call("PEXPIRE", KEYS[1], tonumber(ARGV[3]))
end
return 1`;

export interface RedisAttemptBudgetOptions {
  maxFailures?: number;
  windowMs?: number;
  /** How long a reservation holds a slot if its instance never settles it (crash). */
  reservationMs: number;
  /** Hashes a client id into its Redis key (token-cache.ts's clientKey). */
  keyOf: (clientId: string) => string;
}

export class RedisAttemptBudget implements AttemptBudget {
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisAttemptBudgetOptions,
  ) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
  }

  async reserve(clientId: string): Promise<ReserveResult> {
    const key = PREFIX + "attempts:" + this.options.keyOf(clientId);
    const id = randomUUID();
    const [ok, retry] = (await guarded(() =>
      this.redis.eval(RESERVE, 1, key, this.maxFailures, this.windowMs, this.options.reservationMs, id),
    )) as [number, number];
    if (ok !== 1) return { ok: false, retryAfterSeconds: retry };
    let settled = false;
    return {
      ok: true,
      reservation: {
        settle: async (failed) => {
          if (settled) return;
          settled = true;
          await guarded(() => this.redis.eval(SETTLE, 1, key, id, failed ? "1" : "0", this.windowMs));
        },
      },
    };
  }
}
