// The sandbox's identity configuration: one Azure AD tenant, the clients it knows, their scopes and rights.
// Shape (exactly): {"tenantId", "tokenLifetimeSeconds", "clockSkewSeconds", "clients": [{clientId, clientSecret,
// scopes, rights}]}. The shipped file holds made-up sandbox credentials only.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Rights = "Read" | "ReadWrite";

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Scopes this client may ask for, each `<application ID URI>/.default`. */
  scopes: string[];
  rights: Rights;
}

export interface SandboxConfig {
  tenantId: string;
  tokenLifetimeSeconds: number;
  clockSkewSeconds: number;
  clients: SandboxClient[];
}

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL("./sandbox.config.json", import.meta.url));

export class ConfigError extends Error {
  constructor(source: string, problem: string) {
    super(`Sandbox config ${source}: ${problem}`);
    this.name = "ConfigError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** Checks a parsed config and fills the defaults (lifetime 3599 s, skew 0 s). Throws ConfigError. */
export function validateConfig(raw: unknown, source = "(object)"): SandboxConfig {
  const fail = (problem: string) => new ConfigError(source, problem);
  if (!isRecord(raw)) throw fail("must be a JSON object");
  if (!nonEmptyString(raw.tenantId)) throw fail('"tenantId" must be a non-empty string');
  const lifetime = raw.tokenLifetimeSeconds ?? 3599;
  if (!Number.isInteger(lifetime) || (lifetime as number) < 1) {
    throw fail('"tokenLifetimeSeconds" must be a whole number of seconds, 1 or more');
  }
  const skew = raw.clockSkewSeconds ?? 0;
  if (!Number.isInteger(skew) || (skew as number) < 0) {
    throw fail('"clockSkewSeconds" must be a whole number of seconds, 0 or more');
  }
  if (!Array.isArray(raw.clients) || raw.clients.length === 0) throw fail('"clients" must be a non-empty array');
  const seen = new Set<string>();
  const clients = raw.clients.map((client: unknown, i: number): SandboxClient => {
    const at = `clients[${i}]`;
    if (!isRecord(client)) throw fail(`${at} must be an object`);
    if (!nonEmptyString(client.clientId)) throw fail(`${at}.clientId must be a non-empty string`);
    if (seen.has(client.clientId.toLowerCase())) throw fail(`${at}.clientId "${client.clientId}" appears twice`);
    seen.add(client.clientId.toLowerCase());
    if (!nonEmptyString(client.clientSecret)) throw fail(`${at}.clientSecret must be a non-empty string`);
    if (!Array.isArray(client.scopes) || client.scopes.length === 0 || !client.scopes.every(nonEmptyString)) {
      throw fail(`${at}.scopes must be a non-empty array of strings`);
    }
    const badScope = client.scopes.find((scope: string) => !scope.endsWith("/.default"));
    if (badScope) throw fail(`${at}.scopes: "${badScope}" must end with "/.default" (client credentials scopes do)`);
    if (client.rights !== "Read" && client.rights !== "ReadWrite") {
      throw fail(`${at}.rights must be "Read" or "ReadWrite"`);
    }
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scopes: client.scopes,
      rights: client.rights,
    };
  });
  return {
    tenantId: raw.tenantId,
    tokenLifetimeSeconds: lifetime as number,
    clockSkewSeconds: skew as number,
    clients,
  };
}

/** A config object, a path to a JSON file, or (undefined) the shipped sandbox.config.json. */
export function loadConfig(config?: SandboxConfig | string): SandboxConfig {
  if (config !== undefined && typeof config !== "string") return validateConfig(config);
  const path = config ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, `is not valid JSON (${(error as Error).message})`);
  }
  return validateConfig(parsed, path);
}

/** `api://host/guid/.default` -> `api://host/guid`, the token's audience. */
export function resourceOf(scope: string): string {
  return scope.replace(/\/\.default$/, "");
}
