// The `managed` block of a relay environment: the relay holds the Kalibrate credentials and analysts sign in with their
// organisation's identity provider (Microsoft Entra ID). Validated here, apart from config.ts, so the rest of the
// relay only sees `environment.managed`. The client secret is never in the config file: only the name of the
// environment variable or file that holds it.
import { readFileSync } from "node:fs";

export interface ManagedSignIn {
  /** Exactly the `iss` of the access tokens, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0. */
  issuer: string;
  /** The `aud` the tokens must carry: the relay API's app id URI (v1 tokens) or its client id (v2 tokens). */
  audience: string | string[];
  /** The add-in's SPA app registration (the pane signs in as this client). */
  clientId: string;
  /** What the pane asks for, e.g. ["api://<relay app id>/Kalibrate.Read"]. */
  scopes: string[];
  /** `tid` values accepted. */
  allowedTenants: string[];
  /** App role that must be in the token's `roles`. */
  requiredRole: string;
}

export interface ManagedSettings {
  /** The Kalibrate client id the relay redeems for every signed-in analyst. */
  clientId: string;
  clientSecretEnv?: string;
  clientSecretFile?: string;
  /** The Kalibrate scope, api://…/.default. */
  scope: string;
  signIn: ManagedSignIn;
}

/** What GET /api/environments tells the pane about a managed environment: how to sign in, no credential. */
export interface PublicSignIn {
  managed: true;
  signIn: Omit<ManagedSignIn, "allowedTenants">;
}

const MANAGED_KEYS = new Set(["clientId", "clientSecretEnv", "clientSecretFile", "scope", "signIn"]);
const SIGN_IN_KEYS = new Set(["issuer", "audience", "clientId", "scopes", "allowedTenants", "requiredRole"]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const PLACEHOLDER = /<[^>]*>|\bFILL[ _-]?IN\b|\{tenant\}|\bREPLACE[ _-]?ME\b/i;

/** A sentence naming the field to fix; config.ts turns it into a RelayConfigError. */
export class ManagedSettingsError extends Error {
  override name = "ManagedSettingsError";
}

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** https, or http on loopback only (a local identity provider in tests). */
export function isAllowedIdentityUrl(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackUrl(url));
}

export function validateManaged(value: unknown, where: string): ManagedSettings {
  const field = (name: string) => `${where}: "managed.${name}"`;
  if (!isObject(value))
    throw new ManagedSettingsError(`${where}: "managed" must be an object (see README › Organisation sign-in).`);
  if ("clientSecret" in value) {
    throw new ManagedSettingsError(
      `${field("clientSecret")} is not allowed: the secret never goes in the configuration file. Put it in an environment variable named by "clientSecretEnv" or a file named by "clientSecretFile".`,
    );
  }
  unknownKeys(value, MANAGED_KEYS, where, "managed.");
  const clientId = text(value.clientId, field("clientId"), "the Kalibrate client id the relay uses");
  const scope = text(value.scope, field("scope"), "the Kalibrate scope (api://…/.default)");
  if (!/^api:\/\/\S+\/\.default$/.test(scope)) {
    throw new ManagedSettingsError(`${field("scope")} must look like api://…/.default, not ${JSON.stringify(scope)}.`);
  }
  const hasEnv = value.clientSecretEnv !== undefined;
  const hasFile = value.clientSecretFile !== undefined;
  if (hasEnv === hasFile) {
    throw new ManagedSettingsError(
      `${where}: "managed" needs exactly one of "clientSecretEnv" (the name of the environment variable that holds the Kalibrate client secret) or "clientSecretFile" (the path of a file that holds it).`,
    );
  }
  const settings: ManagedSettings = { clientId, scope, signIn: validateSignIn(value.signIn, where) };
  if (hasEnv) {
    const name = text(value.clientSecretEnv, field("clientSecretEnv"), "an environment variable name");
    if (!ENV_NAME.test(name)) {
      throw new ManagedSettingsError(
        `${field("clientSecretEnv")} must be an environment variable name like RELAY_CONTOSO_SECRET.`,
      );
    }
    settings.clientSecretEnv = name;
  } else {
    settings.clientSecretFile = text(value.clientSecretFile, field("clientSecretFile"), "the path of the secret file");
  }
  return settings;
}

function validateSignIn(value: unknown, where: string): ManagedSignIn {
  const field = (name: string) => `${where}: "managed.signIn.${name}"`;
  if (!isObject(value)) {
    throw new ManagedSettingsError(
      `${where}: "managed.signIn" must be an object with issuer, audience, clientId, scopes, allowedTenants and requiredRole.`,
    );
  }
  unknownKeys(value, SIGN_IN_KEYS, where, "managed.signIn.");
  const issuer = text(
    value.issuer,
    field("issuer"),
    "the token issuer, https://login.microsoftonline.com/<tenant-id>/v2.0",
  );
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new ManagedSettingsError(`${field("issuer")} is not an absolute URL (${JSON.stringify(issuer)}).`);
  }
  if (!isAllowedIdentityUrl(issuerUrl)) {
    throw new ManagedSettingsError(
      `${field("issuer")} must use https (http only on localhost/127.0.0.1), not ${JSON.stringify(issuer)}.`,
    );
  }
  const audience = Array.isArray(value.audience)
    ? nonEmptyList(value.audience, field("audience"), "the relay API's app id URI or client id")
    : text(value.audience, field("audience"), "the relay API's app id URI (api://…) or client id");
  return {
    issuer,
    audience,
    clientId: text(value.clientId, field("clientId"), "the add-in's SPA application (client) id"),
    scopes: nonEmptyList(
      value.scopes,
      field("scopes"),
      'the scopes the pane asks for, e.g. ["api://<relay app id>/Kalibrate.Read"]',
    ),
    allowedTenants: nonEmptyList(
      value.allowedTenants,
      field("allowedTenants"),
      "the tenant ids whose users may sign in",
    ),
    requiredRole: text(value.requiredRole, field("requiredRole"), "the app role analysts need, e.g. Kalibrate.Read"),
  };
}

/** Reads the Kalibrate client secret of a managed environment from where its settings say; throws a sentence if absent. */
export function readManagedSecret(settings: ManagedSettings, environmentId: string, env: NodeJS.ProcessEnv): string {
  if (settings.clientSecretEnv) {
    const secret = env[settings.clientSecretEnv];
    if (!secret) {
      throw new ManagedSettingsError(
        `Environment "${environmentId}" is managed, but the environment variable ${settings.clientSecretEnv} is not set. Set it to the Kalibrate client secret for client id ${settings.clientId}.`,
      );
    }
    return secret;
  }
  const file = settings.clientSecretFile!;
  let secret: string;
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ManagedSettingsError(
      `Environment "${environmentId}" is managed, but its secret file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}). Put the Kalibrate client secret in that file.`,
    );
  }
  if (!secret) throw new ManagedSettingsError(`The secret file ${file} of environment "${environmentId}" is empty.`);
  return secret;
}

export function publicSignIn(settings: ManagedSettings | undefined): PublicSignIn | Record<string, never> {
  if (!settings) return {};
  const { issuer, audience, clientId, scopes, requiredRole } = settings.signIn;
  return { managed: true, signIn: { issuer, audience, clientId, scopes, requiredRole } };
}

function text(value: unknown, field: string, what: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw new ManagedSettingsError(`${field} is missing: fill in ${what}.`);
  if (PLACEHOLDER.test(value)) {
    throw new ManagedSettingsError(`${field} is still a placeholder (${JSON.stringify(value)}): fill in ${what}.`);
  }
  return value.trim();
}

function nonEmptyList(value: unknown, field: string, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ManagedSettingsError(`${field} must be a non-empty list: ${what}.`);
  return value.map((item) => text(item, field, what));
}

function unknownKeys(value: Record<string, unknown>, known: Set<string>, where: string, prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key) && !key.startsWith("_")) {
      throw new ManagedSettingsError(
        `${where} has an unknown field "${prefix}${key}". Known fields: ${[...known].map((k) => prefix + k).join(", ")}.`,
      );
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
