// What every route of one relay instance shares: the validated configuration, the upstream client, the token cache
// and the failed-attempt limiter. Nothing here outlives the process or needs to be shared between instances.
import type { RelayConfig, RelayEnvironment } from "./config";
import { FailureLimiter } from "./failure-limiter";
import { TokenCache } from "./token-cache";
import { Upstream } from "./upstream";

export interface ResolvedEnvironment extends RelayEnvironment {
  tokenEndpoint: URL;
  dataApiBase: URL;
}

export interface RelayContext {
  config: RelayConfig;
  now: () => number;
  upstreamTimeoutMs: number;
  upstream: Upstream;
  tokens: TokenCache;
  failures: FailureLimiter;
  /** Looks an environment up by id, ignoring case. */
  environment(id: unknown): ResolvedEnvironment | undefined;
}

export function createContext(config: RelayConfig, now: () => number, upstreamTimeoutMs: number): RelayContext {
  const environments = new Map<string, ResolvedEnvironment>(
    config.environments.map((environment) => [
      environment.id.toLowerCase(),
      { ...environment, tokenEndpoint: new URL(environment.tokenUrl), dataApiBase: new URL(environment.dataApiUrl) },
    ]),
  );
  return {
    config,
    now,
    upstreamTimeoutMs,
    upstream: new Upstream(upstreamTimeoutMs),
    tokens: new TokenCache({ now }),
    failures: new FailureLimiter({ now }),
    environment: (id) => (typeof id === "string" ? environments.get(id.toLowerCase()) : undefined),
  };
}

export function unknownEnvironmentMessage(context: RelayContext, id: unknown): string {
  const known = context.config.environments.map((environment) => environment.id).join(", ");
  return `There is no environment ${JSON.stringify(id)} on this relay. Pick one of: ${known}.`;
}
