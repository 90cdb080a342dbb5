// What every route of one relay instance shares: the validated configuration, the upstream client, the token cache
// and the attempt budget. In memory for one instance; in Redis for a fleet (see redis-stores.ts), chosen here once.
import type { Redis } from "ioredis";
import type { RelayConfig, RelayEnvironment } from "./config";
import { MemoryAttemptBudget, type AttemptBudget } from "./failure-limiter";
import { NearTokenStore } from "./near-token-store";
import { TokenCache } from "./token-cache";
import { MemoryTokenStore } from "./token-store";
import { Upstream } from "./upstream";

export interface ResolvedEnvironment extends RelayEnvironment {
  tokenEndpoint: URL;
  dataApiBase: URL;
}

export interface SharedState {
  /** redis:// or rediss:// URL; without it, state is per process. */
  redisUrl?: string;
  /** RELAY_CACHE_KEY: required with Redis (the same on every instance), optional without. */
  cacheKey?: string;
  onStoreStateChange?: (state: "ready" | "unreachable", detail?: string) => void;
}

export interface RelayContext {
  config: RelayConfig;
  now: () => number;
  upstreamTimeoutMs: number;
  upstream: Upstream;
  tokens: TokenCache;
  attempts: AttemptBudget;
  redis?: Redis;
  /** Looks an environment up by id, ignoring case. */
  environment(id: unknown): ResolvedEnvironment | undefined;
  close(): Promise<void>;
}

export const MIN_CACHE_KEY_LENGTH = 32;

export async function createContext(
  config: RelayConfig,
  now: () => number,
  upstreamTimeoutMs: number,
  shared: SharedState = {},
): Promise<RelayContext> {
  const environments = new Map<string, ResolvedEnvironment>(
    config.environments.map((environment) => [
      environment.id.toLowerCase(),
      { ...environment, tokenEndpoint: new URL(environment.tokenUrl), dataApiBase: new URL(environment.dataApiUrl) },
    ]),
  );
  if (shared.cacheKey !== undefined && shared.cacheKey.length < MIN_CACHE_KEY_LENGTH) {
    throw new Error(
      `RELAY_CACHE_KEY is too short: use at least ${MIN_CACHE_KEY_LENGTH} random characters (e.g. openssl rand -base64 48), the same on every instance.`,
    );
  }
  const upstream = new Upstream(upstreamTimeoutMs);
  let tokens: TokenCache;
  let attempts: AttemptBudget;
  let redis: Redis | undefined;
  let evictions: Redis | undefined;
  if (shared.redisUrl) {
    if (!shared.cacheKey) {
      throw new Error(
        "With Redis, set RELAY_CACHE_KEY (at least 32 random characters, the same on every instance): it encrypts the cached tokens in Redis.",
      );
    }
    // Loaded only for a fleet: ioredis is about 2 MB of heap a single instance would carry (and every full
    // collection would walk) for nothing.
    const { connectRedis, RedisAttemptBudget, RedisTokenStore, subscribeToEvictions } = await import("./redis-stores");
    redis = connectRedis(shared.redisUrl, { onStateChange: shared.onStoreStateChange });
    const near = new NearTokenStore(new RedisTokenStore(redis, shared.cacheKey), { now });
    evictions = subscribeToEvictions(redis, {
      onLive: () => near.feedLive(),
      onLost: () => near.feedLost(),
      onEvicted: (key) => near.evicted(key),
    });
    tokens = new TokenCache({
      now,
      store: near,
      cacheKey: shared.cacheKey,
      lockMs: Math.min(10_000, upstreamTimeoutMs),
    });
    attempts = new RedisAttemptBudget(redis, {
      reservationMs: upstreamTimeoutMs + 5_000,
      keyOf: (clientId) => tokens.clientKey(clientId),
    });
  } else {
    tokens = new TokenCache({ now, store: new MemoryTokenStore(now), cacheKey: shared.cacheKey });
    attempts = new MemoryAttemptBudget({ now });
  }
  return {
    config,
    now,
    upstreamTimeoutMs,
    upstream,
    tokens,
    attempts,
    redis,
    environment: (id) => (typeof id === "string" ? environments.get(id.toLowerCase()) : undefined),
    close: async () => {
      upstream.close();
      evictions?.disconnect();
      redis?.disconnect();
    },
  };
}

export function unknownEnvironmentMessage(context: RelayContext, id: unknown): string {
  const known = context.config.environments.map((environment) => environment.id).join(", ");
  return `There is no environment ${JSON.stringify(id)} on this relay. Pick one of: ${known}.`;
}
