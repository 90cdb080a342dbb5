// POST /api/token: redeems client credentials at the environment's Azure AD token endpoint (a browser cannot: the
// endpoint refuses cross-origin confidential clients). Cached per credentials, shared by concurrent callers, and
// guarded against secret guessing.
import type { FastifyInstance } from "fastify";
import { unknownEnvironmentMessage, type RelayContext, type ResolvedEnvironment } from "./context";
import { noteForLog } from "./request-log";
import { RelayHttpError } from "./relay-error";
import type { CachedToken } from "./token-cache";
import { tokenEndpointError } from "./token-errors";
import { managedTokenRefusal } from "./managed/refusals";
import { headerValue, readBody, UpstreamConnectionError, UpstreamTimeoutError } from "./upstream";

export const TOKEN_BODY_LIMIT_BYTES = 8 * 1024;

export interface TokenRequest {
  environment: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

const FIELDS: Array<[keyof TokenRequest, number, string]> = [
  ["environment", 40, "the environment id from GET /api/environments"],
  ["clientId", 256, "the client id Kalibrate issued you"],
  ["clientSecret", 1024, "the client secret Kalibrate issued you"],
  ["scope", 1024, "the scope Kalibrate issued you (api://…/.default)"],
];

export function registerTokenRoute(app: FastifyInstance, context: RelayContext): void {
  app.post("/api/token", { bodyLimit: TOKEN_BODY_LIMIT_BYTES }, async (request, reply) => {
    // Checked before the fields: a managed environment's caller has no client secret to send.
    const managed = context.environment((request.body as { environment?: unknown } | null)?.environment);
    if (managed?.managed) throw managedTokenRefusal(managed.id);
    const body = readTokenRequest(request.body);
    const environment = context.environment(body.environment);
    if (!environment) {
      throw new RelayHttpError(400, "unknown_environment", unknownEnvironmentMessage(context, body.environment));
    }
    noteForLog(request, { environment: environment.id });
    // Client ids are GUIDs, which Azure AD compares without case: so must the limiter, or case variants evade it.
    const limiterKey = body.clientId.toLowerCase();
    const wait = context.failures.retryAfterSeconds(limiterKey);
    if (wait > 0) {
      throw new RelayHttpError(
        429,
        "too_many_failed_attempts",
        `Too many failed sign-in attempts for this client id. Wait ${wait} seconds, then try again with the correct client secret and scope.`,
        String(wait),
      );
    }
    const key = context.tokens.key({ ...body, environment: environment.id });
    try {
      const { token, source } = await context.tokens.get(key, () => redeem(context, environment, body));
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
      // Only a refusal counts as a failed attempt; an outage or throttling is nobody's guess.
      if (error instanceof RelayHttpError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        context.failures.recordFailure(limiterKey);
      }
      throw error;
    }
  });
}

function readTokenRequest(body: unknown): TokenRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RelayHttpError(
      400,
      "invalid_request",
      "Send a JSON object {environment, clientId, clientSecret, scope} with Content-Type: application/json.",
    );
  }
  const fields = body as Record<string, unknown>;
  for (const [name, max, what] of FIELDS) {
    const value = fields[name];
    if (typeof value !== "string" || value.trim() === "") {
      throw new RelayHttpError(400, "invalid_request", `"${name}" is missing: fill in ${what}.`);
    }
    if (value.length > max) {
      throw new RelayHttpError(400, "invalid_request", `"${name}" is longer than ${max} characters: check ${what}.`);
    }
  }
  return {
    environment: (fields.environment as string).trim(),
    clientId: (fields.clientId as string).trim(),
    clientSecret: fields.clientSecret as string,
    scope: (fields.scope as string).trim(),
  };
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
    status = response.statusCode ?? 502;
    retryAfter = headerValue(response.headers, "retry-after");
    text = await readBody(response, 256 * 1024);
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
  if (error instanceof UpstreamTimeoutError) {
    return new RelayHttpError(
      504,
      "token_endpoint_timeout",
      `The token endpoint of environment "${environment.id}" did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again in a minute.`,
    );
  }
  const reason = error instanceof UpstreamConnectionError ? error.message : "the connection was dropped";
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
