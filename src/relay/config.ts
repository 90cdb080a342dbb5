// The relay's configuration: which Kalibrate environments it may talk to (the only hosts it ever calls) and which
// browser origins may call it. Loaded from a JSON file or an object, overridden by environment variables for
// deployment, and validated up front so a bad deployment fails at start with a sentence naming the field to fix.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ManagedSettingsError, validateManaged, type ManagedSettings } from "./managed/settings";

export interface RelayEnvironment {
  /** Used in the relay's URLs (`/api/data/{id}/…`) and by the add-in; letters, digits, `-` and `_`. */
  id: string;
  label: string;
  /** Production data: the add-in asks the user to confirm before writing to it. */
  production: boolean;
  /** Azure AD v2 token endpoint with the tenant filled in: `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`. */
  tokenUrl: string;
  /** Data API base, e.g. `https://dev.data.thekalibratecloud.com/api` (no trailing slash needed). */
  dataApiUrl: string;
  /** Organisation sign-in: the relay holds the Kalibrate credentials (src/relay/managed). */
  managed?: ManagedSettings;
}

export interface RelayConfig {
  environments: RelayEnvironment[];
  /** Browser origins (`https://host:port`) allowed to call the relay cross-origin. */
  allowedOrigins: string[];
  /**
   * The relay's own public origins (`https://relay.contoso.com`), for the add-in it serves calling its own /api.
   * Same-origin is decided on these (scheme, host and port), never on the Host header alone (DNS rebinding). When
   * empty, only the loopback names of the listening port count as the relay's own origin (local development).
   */
  publicOrigins?: string[];
  /** Longest time to receive a whole request, headers and body (slow-dribble guard). Default 30 000. */
  requestTimeoutMs?: number;
  /** How long to wait for the token endpoint or the Data API before answering 504. Default 55 000. */
  upstreamTimeoutMs?: number;
  /** Largest import body accepted. Default 10 MiB. */
  importBodyLimitBytes?: number;
  /** Behind a TLS-terminating proxy (Azure App Service, a load balancer): trust its X-Forwarded-* headers. */
  trustProxy?: boolean;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 55_000;
export const DEFAULT_IMPORT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Longest time to receive the request line and headers. */
export const HEADERS_TIMEOUT_MS = 10_000;

export class RelayConfigError extends Error {
  override name = "RelayConfigError";
}

const ENVIRONMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const ENVIRONMENT_KEYS = new Set(["id", "label", "production", "tokenUrl", "dataApiUrl", "managed"]);
const CONFIG_KEYS = new Set([
  "environments",
  "allowedOrigins",
  "publicOrigins",
  "requestTimeoutMs",
  "upstreamTimeoutMs",
  "importBodyLimitBytes",
  "trustProxy",
]);
// Shipped configs mark fields an operator must fill in with text like "<FILL IN: …>".
const PLACEHOLDER = /<[^>]*>|\bFILL[ _-]?IN\b|\{tenant\}|\bREPLACE[ _-]?ME\b/i;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Reads (when given a path) and validates a relay configuration, then applies environment-variable overrides:
 * `RELAY_ALLOWED_ORIGINS` / `RELAY_PUBLIC_ORIGINS` (comma separated, replace the lists), `RELAY_UPSTREAM_TIMEOUT_MS`,
 * `RELAY_REQUEST_TIMEOUT_MS`,
 * `RELAY_IMPORT_BODY_LIMIT_BYTES`, `RELAY_TRUST_PROXY` (true/false) and, per environment,
 * `RELAY_ENV_<ID>_TOKEN_URL` / `RELAY_ENV_<ID>_DATA_API_URL` (ID upper-cased, `-` as `_`).
 * Throws a RelayConfigError whose message says which field is wrong and what to put there.
 */
export function loadRelayConfig(pathOrObject: string | RelayConfig, env: NodeJS.ProcessEnv = {}): RelayConfig {
  const source = typeof pathOrObject === "string" ? `${path.resolve(pathOrObject)}` : "the relay configuration";
  const raw = typeof pathOrObject === "string" ? readConfigFile(pathOrObject) : structuredClone(pathOrObject);
  if (!isObject(raw)) throw new RelayConfigError(`${source} must be a JSON object with "environments".`);
  const config = applyEnvironmentOverrides(raw, env, source);
  return validate(config, source);
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RelayConfigError(
      `Cannot read the relay configuration ${path.resolve(file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Pass an existing file with --config or RELAY_CONFIG.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RelayConfigError(
      `The relay configuration ${path.resolve(file)} is not valid JSON (${(error as Error).message}). Fix the file.`,
    );
  }
}

function envKey(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name]?.trim() ?? "";
  if (!/^\d+$/.test(text)) throw new RelayConfigError(`${name} must be a whole number, not "${env[name]}".`);
  return Number(text);
}

function applyEnvironmentOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, source: string) {
  const config = { ...raw };
  if (env.RELAY_ALLOWED_ORIGINS !== undefined) {
    config.allowedOrigins = env.RELAY_ALLOWED_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
  if (env.RELAY_PUBLIC_ORIGINS !== undefined) {
    config.publicOrigins = env.RELAY_PUBLIC_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
  if (env.RELAY_REQUEST_TIMEOUT_MS !== undefined) {
    config.requestTimeoutMs = numberFromEnv(env, "RELAY_REQUEST_TIMEOUT_MS");
  }
  if (env.RELAY_UPSTREAM_TIMEOUT_MS !== undefined) {
    config.upstreamTimeoutMs = numberFromEnv(env, "RELAY_UPSTREAM_TIMEOUT_MS");
  }
  if (env.RELAY_IMPORT_BODY_LIMIT_BYTES !== undefined) {
    config.importBodyLimitBytes = numberFromEnv(env, "RELAY_IMPORT_BODY_LIMIT_BYTES");
  }
  if (env.RELAY_TRUST_PROXY !== undefined) {
    const value = env.RELAY_TRUST_PROXY.trim().toLowerCase();
    if (!["true", "false", "1", "0"].includes(value)) {
      throw new RelayConfigError(`RELAY_TRUST_PROXY must be true or false, not "${env.RELAY_TRUST_PROXY}".`);
    }
    config.trustProxy = value === "true" || value === "1";
  }
  if (Array.isArray(config.environments)) {
    config.environments = config.environments.map((entry: unknown) => {
      if (!isObject(entry) || typeof entry.id !== "string") return entry;
      const key = envKey(entry.id);
      const tokenUrl = env[`RELAY_ENV_${key}_TOKEN_URL`];
      const dataApiUrl = env[`RELAY_ENV_${key}_DATA_API_URL`];
      return { ...entry, ...(tokenUrl ? { tokenUrl } : {}), ...(dataApiUrl ? { dataApiUrl } : {}) };
    });
  } else if (config.environments === undefined) {
    throw new RelayConfigError(`${source} has no "environments" list. Add at least one environment.`);
  }
  return config;
}

function validate(config: Record<string, unknown>, source: string): RelayConfig {
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key) && !key.startsWith("_") && key !== "$schema") {
      throw new RelayConfigError(
        `${source} has an unknown field "${key}". Known fields: ${[...CONFIG_KEYS].join(", ")} (fields starting with "_" are comments).`,
      );
    }
  }
  if (!Array.isArray(config.environments) || config.environments.length === 0) {
    throw new RelayConfigError(`${source}: "environments" must be a non-empty list of environments.`);
  }
  const environments = config.environments.map((entry, index) => validateEnvironment(entry, index, source));
  const seen = new Set<string>();
  for (const environment of environments) {
    if (seen.has(environment.id.toLowerCase())) {
      throw new RelayConfigError(`${source}: environment id "${environment.id}" appears twice. Ids must be unique.`);
    }
    seen.add(environment.id.toLowerCase());
  }
  const allowedOrigins = validateOrigins(config.allowedOrigins ?? [], source, "allowedOrigins");
  const result: RelayConfig = { environments, allowedOrigins };
  if (config.publicOrigins !== undefined) {
    result.publicOrigins = validateOrigins(config.publicOrigins, source, "publicOrigins");
  }
  if (config.requestTimeoutMs !== undefined) {
    result.requestTimeoutMs = positiveInteger(config.requestTimeoutMs, "requestTimeoutMs", source, 100, 600_000);
  }
  if (config.upstreamTimeoutMs !== undefined) {
    result.upstreamTimeoutMs = positiveInteger(config.upstreamTimeoutMs, "upstreamTimeoutMs", source, 1, 600_000);
  }
  if (config.importBodyLimitBytes !== undefined) {
    result.importBodyLimitBytes = positiveInteger(
      config.importBodyLimitBytes,
      "importBodyLimitBytes",
      source,
      1024,
      1024 * 1024 * 1024,
    );
  }
  if (config.trustProxy !== undefined) {
    if (typeof config.trustProxy !== "boolean") {
      throw new RelayConfigError(`${source}: "trustProxy" must be true or false.`);
    }
    result.trustProxy = config.trustProxy;
  }
  return result;
}

function validateEnvironment(entry: unknown, index: number, source: string): RelayEnvironment {
  const where = `${source}: environments[${index}]`;
  if (!isObject(entry)) {
    throw new RelayConfigError(`${where} must be an object with id, label, production, tokenUrl, dataApiUrl.`);
  }
  for (const key of Object.keys(entry)) {
    if (!ENVIRONMENT_KEYS.has(key) && !key.startsWith("_")) {
      throw new RelayConfigError(
        `${where} has an unknown field "${key}". Known fields: ${[...ENVIRONMENT_KEYS].join(", ")}.`,
      );
    }
  }
  if (typeof entry.id !== "string" || !ENVIRONMENT_ID.test(entry.id)) {
    throw new RelayConfigError(
      `${where}.id must be 1-40 letters, digits, "-" or "_" (it appears in URLs), not ${JSON.stringify(entry.id)}.`,
    );
  }
  const named = `${source}: environment "${entry.id}"`;
  if (typeof entry.label !== "string" || entry.label.trim() === "") {
    throw new RelayConfigError(`${named} needs a "label": the name users see when they pick an environment.`);
  }
  if (typeof entry.production !== "boolean") {
    throw new RelayConfigError(`${named}: "production" must be true or false.`);
  }
  const variable = `RELAY_ENV_${envKey(entry.id)}`;
  const tokenUrl = validateUrl(entry.tokenUrl, `${named}: "tokenUrl"`, `${variable}_TOKEN_URL`);
  const dataApiUrl = validateUrl(entry.dataApiUrl, `${named}: "dataApiUrl"`, `${variable}_DATA_API_URL`);
  return {
    id: entry.id,
    label: entry.label.trim(),
    production: entry.production,
    tokenUrl: tokenUrl.href,
    dataApiUrl: dataApiUrl.href.replace(/\/+$/, ""),
    ...(entry.managed !== undefined ? { managed: managedOrConfigError(entry.managed, named) } : {}),
  };
}

function managedOrConfigError(value: unknown, named: string): ManagedSettings {
  try {
    return validateManaged(value, named);
  } catch (error) {
    if (error instanceof ManagedSettingsError) throw new RelayConfigError(error.message);
    throw error;
  }
}

function validateUrl(value: unknown, field: string, variable: string): URL {
  if (typeof value !== "string" || value.trim() === "") {
    throw new RelayConfigError(`${field} is missing. Fill it in (or set ${variable}).`);
  }
  if (PLACEHOLDER.test(value)) {
    throw new RelayConfigError(
      `${field} is still a placeholder (${JSON.stringify(value)}). Fill in the URL Kalibrate gave you, set ${variable}, or remove the environment.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RelayConfigError(
      `${field} is not an absolute URL (${JSON.stringify(value)}). Write it as https://host/path.`,
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new RelayConfigError(
      `${field} must use https (plain http is allowed only for a local sandbox on localhost/127.0.0.1), not ${JSON.stringify(value)}.`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new RelayConfigError(
      `${field} must not contain credentials, a query or a fragment (${JSON.stringify(value)}).`,
    );
  }
  return url;
}

function validateOrigins(value: unknown, source: string, field: string): string[] {
  if (!Array.isArray(value)) {
    throw new RelayConfigError(`${source}: "${field}" must be a list like ["https://localhost:3000"].`);
  }
  return value.map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === "string" ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || !["http:", "https:"].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new RelayConfigError(
        `${source}: ${field} entry ${JSON.stringify(origin)} is not an origin. Write it as scheme://host[:port] with no path or trailing slash, e.g. https://localhost:3000.`,
      );
    }
    return parsed.origin;
  });
}

function positiveInteger(value: unknown, field: string, source: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RelayConfigError(
      `${source}: "${field}" must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
