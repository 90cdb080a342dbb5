// POST /api/token: redeems client credentials at the environment's Azure AD token endpoint (a browser cannot: the
// endpoint refuses cross-origin confidential clients). Cached per credentials, shared by concurrent callers (across a
// fleet too), and guarded against secret guessing: a cached token is handed to whoever presents the same secret
// (so its owner is never locked out); any other attempt must first reserve a slot of the client id's attempt budget.
import type { FastifyPluginAsync } from "fastify";
import { unknownEnvironmentMessage, type RelayContext, type ResolvedEnvironment } from "./context";
import { noteForLog } from "./request-log";
import { RelayHttpError } from "./relay-error";
import { storeUnavailableError, StoreUnavailableError } from "./store-errors";
import type { CachedToken } from "./token-cache";
import { tokenEndpointError } from "./token-errors";
import { managedTokenRefusal } from "./managed/refusals";
import { headerValue, readBody, upstreamFailure, UpstreamTimeoutError } from "./upstream";

export const TOKEN_BODY_LIMIT_BYTES = 8 * 1024;

export interface TokenRequest {
  environment: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

const field = (maxLength: number, description: string) => ({
  type: "string",
  minLength: 1,
  maxLength,
  // Not only spaces.
  pattern: "\\S",
  description,
});

/** The body schema; each field's description is the advice the error handler gives when it is missing or wrong. */
export const TOKEN_BODY_SCHEMA = {
  type: "object",
  required: ["environment", "clientId", "clientSecret", "scope"],
  properties: {
    environment: field(40, "the environment id from GET /api/environments"),
    clientId: field(256, "the client id Kalibrate issued you"),
    clientSecret: field(1024, "the client secret Kalibrate issued you"),
    scope: field(1024, "the scope Kalibrate issued you (api://…/.default)"),
  },
} as const;

const TOKEN_RESPONSE_SCHEMA = {
  200: {
    type: "object",
    required: ["accessToken", "tokenType", "expiresIn", "expiresOn"],
    properties: {
      accessToken: { type: "string" },
      tokenType: { type: "string" },
      expiresIn: { type: "integer" },
      expiresOn: { type: "string" },
    },
  },
} as const;

export const tokenRoute: FastifyPluginAsync<{ context: RelayContext }> = async (app, { context }) => {
  app.post<{ Body: TokenRequest }>(
    "/api/token",
    {
      bodyLimit: TOKEN_BODY_LIMIT_BYTES,
      schema: { body: TOKEN_BODY_SCHEMA, response: TOKEN_RESPONSE_SCHEMA },
      // Before the schema: a managed environment's caller has no client secret to send, and should hear to sign in.
      preValidation: async (request) => {
        const named = context.environment((request.body as { environment?: unknown } | null)?.environment);
        if (named?.managed) throw managedTokenRefusal(named.id);
      },
    },
    async (request, reply) => {
      const body = {
        environment: request.body.environment.trim(),
        clientId: request.body.clientId.trim(),
        clientSecret: request.body.clientSecret,
        scope: request.body.scope.trim(),
      };
      const environment = context.environment(body.environment);
      if (!environment) {
        throw new RelayHttpError(400, "unknown_environment", unknownEnvironmentMessage(context, body.environment));
      }
      noteForLog(request, { environment: environment.id });
      const key = context.tokens.key({ ...body, environment: environment.id });
      try {
        const { token, source } = await context.tokens.get(key, () => attempt(context, environment, body));
        noteForLog(request, { tokenSource: source });
        const remainingMs = token.expiresAt - context.now();
        reply.header("cache-control", "no-store").header("pragma", "no-cache");
        return {
          accessToken: token.accessToken,
          tokenType: token.tokenType,
          expiresIn: Math.max(0, Math.floor(remainingMs / 1000)),
          expiresOn: new Date(token.expiresAt).toISOString(),
        };
      } catch (error) {
        if (error instanceof StoreUnavailableError) {
          noteForLog(request, { detail: `token store: ${error.message}` });
          throw storeUnavailableError();
        }
        throw error;
      }
    },
  );
};

/** One upstream attempt, paid for from the client id's budget before it is made. */
async function attempt(context: RelayContext, environment: ResolvedEnvironment, body: TokenRequest) {
  // Client ids are GUIDs, which Azure AD compares without case: so must the budget, or case variants evade it.
  const reserved = await context.attempts.reserve(body.clientId.toLowerCase());
  if (!reserved.ok) {
    throw new RelayHttpError(
      429,
      "too_many_failed_attempts",
      `Too many failed sign-in attempts for this client id. Wait ${reserved.retryAfterSeconds} seconds, then try again with the correct client secret and scope.`,
      String(reserved.retryAfterSeconds),
    );
  }
  let failed = false;
  try {
    return await redeem(context, environment, body);
  } catch (error) {
    // Only a refusal counts as a failed attempt; an outage or throttling is nobody's guess.
    failed = error instanceof RelayHttpError && error.status >= 400 && error.status < 500 && error.status !== 429;
    throw error;
  } finally {
    await reserved.reservation.settle(failed);
  }
}

/** Redeems client credentials at the environment's token endpoint (also used for managed environments). */
export async function redeem(
  context: RelayContext,
  environment: ResolvedEnvironment,
  body: TokenRequest,
): Promise<CachedToken> {
  const form = new URLSearchParams({
    client_id: body.clientId,
    client_secret: body.clientSecret,
    grant_type: "client_credentials",
    scope: body.scope,
  }).toString();
  const started = context.now();
  let status: number;
  let text: string;
  let retryAfter: string | undefined;
  try {
    const response = await context.upstream.request({
      method: "POST",
      base: environment.tokenEndpoint,
      pathAndQuery: "",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(form)),
        accept: "application/json",
      },
      body: form,
      idempotent: true,
    });
    status = response.statusCode;
    retryAfter = headerValue(response.headers, "retry-after");
    text = await readBody(response.body, 256 * 1024);
  } catch (error) {
    throw tokenTransportError(error, environment, context.upstreamTimeoutMs);
  }
  const json = parseJson(text);
  if (status !== 200) throw tokenEndpointError(status, json, retryAfter);
  const answer = (json ?? {}) as Record<string, unknown>;
  const expiresIn = Number(answer.expires_in);
  if (typeof answer.access_token !== "string" || answer.access_token === "" || !Number.isFinite(expiresIn)) {
    throw new RelayHttpError(
      502,
      "token_endpoint_error",
      `The token endpoint of environment "${environment.id}" answered without an access token. Check the environment's tokenUrl in the relay configuration.`,
    );
  }
  return {
    accessToken: answer.access_token,
    tokenType: typeof answer.token_type === "string" ? answer.token_type : "Bearer",
    // Counted from when the request was sent, so the token never outlives what Azure AD granted.
    expiresAt: started + expiresIn * 1000,
  };
}

function tokenTransportError(error: unknown, environment: ResolvedEnvironment, timeoutMs: number): RelayHttpError {
  const failure = upstreamFailure(error);
  if (failure instanceof UpstreamTimeoutError) {
    return new RelayHttpError(
      504,
      "token_endpoint_timeout",
      `The token endpoint of environment "${environment.id}" did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again in a minute.`,
    );
  }
  const reason = failure.message;
  return new RelayHttpError(
    502,
    "token_endpoint_unreachable",
    `The relay could not reach the token endpoint of environment "${environment.id}" (${reason}). Try again in a minute; if it persists, check the environment's tokenUrl in the relay configuration.`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
