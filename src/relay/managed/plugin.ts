// Managed environments on the relay's routes: the data routes accept an analyst's organisation access token, check it
// fully (user-token.ts) and call the Data API with the relay's own cached client-credentials token for the
// environment; each such request leaves one audit line (who, environment, collection, status; never a token).
// The Kalibrate secrets are read once, at start, from the environment variable or file the configuration names.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RelayContext, ResolvedEnvironment } from "../context";
import { RelayConfigError } from "../config";
import { RelayHttpError } from "../relay-error";
import { redeem } from "../token-route";
import { identityFetch } from "./identity-fetch";
import { ManagedSettingsError, readManagedSecret, type ManagedSettings } from "./settings";
import { SigningKeys } from "./signing-keys";
import { UserTokenVerifier, type SignedInUser } from "./user-token";

export interface ManagedOptions {
  /** Where clientSecretEnv is looked up. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** An extra CA to trust for the identity provider's https (a local provider's development certificate). */
  identityCa?: string | Buffer;
  /** Least time between JWKS fetches caused by unknown kids. Default 5 minutes. */
  jwksCooldownMs?: number;
}

export interface ManagedAccess {
  /**
   * For a managed environment: checks the caller's `Authorization: Bearer <user token>` and answers the
   * Authorization header to send upstream (the relay's own token). Throws a RelayHttpError (401/403/502) otherwise.
   */
  authorize(request: FastifyRequest, environment: ResolvedEnvironment, upstreamPath: string): Promise<string>;
}

declare module "fastify" {
  interface FastifyInstance {
    managedSignIn: ManagedAccess;
  }
}

interface ManagedState {
  settings: ManagedSettings;
  secret: string;
  verifier: UserTokenVerifier;
}

interface AuditEntry {
  environment: string;
  /** The Data API path below the environment, or undefined for the pane's sign-in check. */
  collection?: string;
  user?: SignedInUser;
  refused?: string;
}

const BEARER = /^Bearer ([\x21-\x7E]{1,8192})$/;

export function registerManagedEnvironments(
  app: FastifyInstance,
  context: RelayContext,
  options: ManagedOptions = {},
): void {
  const fetchJson = identityFetch(options.identityCa);
  const states = new Map<string, ManagedState>();
  for (const environment of context.config.environments) {
    if (!environment.managed) continue;
    let secret: string;
    try {
      secret = readManagedSecret(environment.managed, environment.id, options.env ?? process.env);
    } catch (error) {
      throw error instanceof ManagedSettingsError ? new RelayConfigError(error.message) : error;
    }
    const { signIn } = environment.managed;
    const keys = new SigningKeys({
      issuer: signIn.issuer,
      fetchJson,
      now: context.now,
      cooldownMs: options.jwksCooldownMs,
    });
    const verifier = new UserTokenVerifier({ environmentId: environment.id, signIn, keys, now: context.now });
    states.set(environment.id, { settings: environment.managed, secret, verifier });
  }
  const audit = new WeakMap<FastifyRequest, AuditEntry>();

  /** Checks the caller's user token for a managed environment; the audit entry records who, or why not. */
  async function verifyCaller(request: FastifyRequest, environment: ResolvedEnvironment, entry: AuditEntry) {
    const state = states.get(environment.id)!;
    audit.set(request, entry);
    const match = BEARER.exec(request.headers.authorization ?? "");
    if (!match) {
      entry.refused = "sign_in_required";
      throw new RelayHttpError(
        401,
        "sign_in_required",
        `Environment "${environment.id}" uses organisation sign-in: sign in in the Kalibrate pane, then try again.`,
      );
    }
    try {
      entry.user = await state.verifier.verify(match[1]);
    } catch (error) {
      entry.refused = error instanceof RelayHttpError ? error.code : "error";
      throw error;
    }
    return state;
  }

  app.decorate<ManagedAccess>("managedSignIn", {
    async authorize(request, environment, upstreamPath) {
      const entry: AuditEntry = { environment: environment.id, collection: upstreamPath.replace(/^\//, "") };
      const state = await verifyCaller(request, environment, entry);
      return `Bearer ${await relayToken(context, environment, state)}`;
    },
  });

  // The pane asks right after signing in, so a user without the role hears it at once rather than from every cell.
  app.get<{ Params: { environment: string } }>(
    "/api/signin/:environment",
    { schema: { params: { type: "object", properties: { environment: { type: "string", maxLength: 40 } } } } },
    async (request, reply) => {
      const environment = context.environment(request.params.environment);
      if (!environment?.managed) {
        throw new RelayHttpError(
          404,
          "not_managed",
          `Environment ${JSON.stringify(request.params.environment)} does not use organisation sign-in on this relay.`,
        );
      }
      const entry: AuditEntry = { environment: environment.id };
      await verifyCaller(request, environment, entry);
      reply.header("cache-control", "no-store");
      return { environment: environment.id, user: entry.user?.preferredUsername ?? entry.user?.oid ?? null };
    },
  );

  // Only where there is a managed environment: an async hook on every answer of every relay costs a promise each.
  if (states.size === 0) return;
  app.addHook("onResponse", (request, reply, done) => {
    const entry = audit.get(request);
    if (!entry) return done();
    // The relay's logger (Fastify has none: request-log.ts); the audit line must always be written.
    request.server.relayLog.info(
      {
        reqId: request.id,
        audit: {
          oid: entry.user?.oid,
          preferred_username: entry.user?.preferredUsername,
          tid: entry.user?.tid,
          environment: entry.environment,
          ...(entry.collection !== undefined ? { collection: entry.collection } : { check: "sign-in" }),
          method: request.method,
          status: reply.statusCode,
          ...(entry.refused ? { refused: entry.refused } : {}),
        },
      },
      "audit",
    );
    done();
  });
}

/** The relay's own Data API token for the environment, from the relay's token cache (one exchange an hour). */
async function relayToken(
  context: RelayContext,
  environment: ResolvedEnvironment,
  state: ManagedState,
): Promise<string> {
  const credentials = {
    environment: environment.id,
    clientId: state.settings.clientId,
    clientSecret: state.secret,
    scope: state.settings.scope,
  };
  try {
    const { token } = await context.tokens.get(context.tokens.key(credentials), () =>
      redeem(context, environment, credentials),
    );
    return token.accessToken;
  } catch (error) {
    // The analyst is signed in correctly; a refusal here is the relay's own credentials, so IT's to fix.
    if (error instanceof RelayHttpError && error.status < 500) {
      throw new RelayHttpError(
        502,
        "managed_credentials_refused",
        `Kalibrate refused this relay's own credentials for environment "${environment.id}" (${error.code}). Tell IT: the Kalibrate client secret configured for this environment may have expired.`,
      );
    }
    throw error;
  }
}
