// The issuer's signing keys: found through {issuer}/.well-known/openid-configuration, cached, and fetched again when a
// token names a `kid` the cache does not hold (key rotation), at most once per cool-down so that tokens with made-up
// kids cannot make the relay hammer the identity provider. Also refreshed after maxAge.
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { SingleFlight } from "../../core/util";
import type { FetchJson } from "./identity-fetch";
import { isAllowedIdentityUrl } from "./settings";

export interface SigningKeysOptions {
  issuer: string;
  fetchJson: FetchJson;
  now: () => number;
  /** Least time between two JWKS fetches caused by unknown kids. Default 5 minutes... */
  cooldownMs?: number;
  /** ...and the longest a key set is used before it is fetched again anyway. Default 1 hour. */
  maxAgeMs?: number;
}

export const DEFAULT_JWKS_COOLDOWN_MS = 5 * 60_000;
const DEFAULT_MAX_AGE_MS = 60 * 60_000;

/** The identity provider could not be asked (discovery or JWKS failed): not the caller's fault. */
export class IdentityProviderUnavailable extends Error {
  override name = "IdentityProviderUnavailable";
}

export class SigningKeys {
  #jwksUri?: Promise<string>;
  #keys?: { getKey: JWTVerifyGetKey; fetchedAt: number };
  /** Concurrent refreshes share one download. */
  readonly #download = new SingleFlight<"keys", JWTVerifyGetKey>();
  readonly #cooldownMs: number;
  readonly #maxAgeMs: number;

  constructor(private readonly options: SigningKeysOptions) {
    this.#cooldownMs = options.cooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  }

  /** A jose key resolver: the cached set first, one refetch on an unknown kid once the cool-down has passed. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const now = this.options.now();
    if (!this.#keys || now - this.#keys.fetchedAt >= this.#maxAgeMs) await this.#refresh();
    try {
      return await this.#keys!.getKey(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || now - this.#keys!.fetchedAt < this.#cooldownMs) throw error;
      await this.#refresh();
      return this.#keys!.getKey(header, token);
    }
  };

  #refresh(): Promise<JWTVerifyGetKey> {
    return this.#download.run("keys", () => this.#downloadKeys());
  }

  async #downloadKeys(): Promise<JWTVerifyGetKey> {
    const uri = await this.#discover();
    let set: unknown;
    try {
      set = await this.options.fetchJson(uri);
    } catch (error) {
      throw new IdentityProviderUnavailable(`its signing keys (${uri}) could not be read: ${(error as Error).message}`);
    }
    if (!set || !Array.isArray((set as JSONWebKeySet).keys)) {
      throw new IdentityProviderUnavailable(`${uri} is not a JSON Web Key Set`);
    }
    const getKey = createLocalJWKSet(set as JSONWebKeySet);
    this.#keys = { getKey, fetchedAt: this.options.now() };
    return getKey;
  }

  #discover(): Promise<string> {
    this.#jwksUri ??= this.#readDiscovery().catch((error) => {
      this.#jwksUri = undefined; // not cached: the next request asks again
      throw error;
    });
    return this.#jwksUri;
  }

  async #readDiscovery(): Promise<string> {
    const { issuer } = this.options;
    const address = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
    let document: unknown;
    try {
      document = await this.options.fetchJson(address);
    } catch (error) {
      throw new IdentityProviderUnavailable(
        `its discovery document (${address}) could not be read: ${(error as Error).message}`,
      );
    }
    const found = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
    if (found.issuer !== issuer) {
      throw new IdentityProviderUnavailable(
        `${address} names the issuer ${JSON.stringify(found.issuer)}, not the configured ${JSON.stringify(issuer)}`,
      );
    }
    let jwksUri: URL;
    try {
      jwksUri = new URL(String(found.jwks_uri));
    } catch {
      throw new IdentityProviderUnavailable(`${address} has no valid jwks_uri`);
    }
    if (!isAllowedIdentityUrl(jwksUri)) {
      throw new IdentityProviderUnavailable(`its jwks_uri ${jwksUri.href} is not https`);
    }
    return jwksUri.href;
  }
}
