// /api/data/{environment}/…: forwards whitelisted Data API calls with the caller's bearer token (the Data API has no
// CORS, so a browser cannot call it). The body streams back as it arrives; @fastify/compress compresses it for the
// caller. Import bodies are forwarded as the exact bytes received.
import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { unknownEnvironmentMessage, type RelayContext, type ResolvedEnvironment } from "./context";
import { FORWARDED_PATHS_SENTENCE, parseDataRequest } from "./data-paths";
import { noteForLog } from "./request-log";
import { invalidJsonMessage, RelayHttpError } from "./relay-error";
import { headerValue, UpstreamConnectionError, UpstreamTimeoutError } from "./upstream";

const BEARER = /^Bearer [\x21-\x7E]{1,8192}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PASSED_BACK = ["content-type", "x-correlation-id", "retry-after"];
const USER_AGENT = "kalibrate-excel-relay";

export function registerDataRoutes(app: FastifyInstance, context: RelayContext, importBodyLimit: number): void {
  // Encapsulated so the raw-bytes JSON parser applies to these routes only.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    const handler = (request: FastifyRequest, reply: FastifyReply) => forward(context, request, reply);
    scope.get("/api/data/:environment/*", { exposeHeadRoute: false }, handler);
    scope.post("/api/data/:environment/*", { bodyLimit: importBodyLimit }, handler);
  });
}

async function forward(context: RelayContext, request: FastifyRequest, reply: FastifyReply) {
  const target = parseDataRequest(request.method, request.raw.url ?? "");
  if (!target) {
    const message = `${request.method} ${pathOf(request)} is not forwarded. ${FORWARDED_PATHS_SENTENCE}`;
    throw new RelayHttpError(404, "not_forwarded", message);
  }
  const environment = context.environment(target.environment);
  if (!environment) {
    throw new RelayHttpError(404, "unknown_environment", unknownEnvironmentMessage(context, target.environment));
  }
  noteForLog(request, { environment: environment.id, upstreamPath: target.path });
  // Managed environments (src/relay/managed): the caller's organisation token buys the relay's own Data API token.
  const authorization = environment.managed
    ? await request.server.managedSignIn.authorize(request, environment, target.path)
    : request.headers.authorization;
  if (!authorization || !BEARER.test(authorization)) {
    throw new RelayHttpError(
      401,
      "missing_token",
      'Send the access token from POST /api/token in the Authorization header as "Bearer <token>".',
    );
  }
  const body = target.kind === "import" ? importBody(request) : undefined;
  const aborter = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) aborter.abort();
  });
  let response: IncomingMessage;
  try {
    response = await context.upstream.request({
      method: target.kind === "import" ? "POST" : "GET",
      base: environment.dataApiBase,
      pathAndQuery: target.path + (target.query ? `?${target.query}` : ""),
      headers: upstreamHeaders(request, authorization, body),
      body,
      signal: aborter.signal,
      idempotent: target.kind !== "import",
    });
  } catch (error) {
    throw dataTransportError(error, environment, context.upstreamTimeoutMs);
  }
  return relayResponse(response, environment, reply);
}

function importBody(request: FastifyRequest): Buffer {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new RelayHttpError(
      400,
      "invalid_request",
      "Send the import records as a JSON body with Content-Type: application/json.",
    );
  }
  try {
    JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new RelayHttpError(400, "invalid_json", invalidJsonMessage(error as Error, "The import body"));
  }
  return body;
}

function upstreamHeaders(
  request: FastifyRequest,
  authorization: string,
  body: Buffer | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    authorization,
    accept: "application/json",
    // The relay compresses for its caller; asking upstream for identity keeps the stream passable as is.
    "accept-encoding": "identity",
    "user-agent": USER_AGENT,
  };
  const correlationId = request.headers["x-correlation-id"];
  if (typeof correlationId === "string" && CORRELATION_ID.test(correlationId)) {
    headers["x-correlation-id"] = correlationId;
  }
  if (body) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(body.length);
  }
  return headers;
}

async function relayResponse(response: IncomingMessage, environment: ResolvedEnvironment, reply: FastifyReply) {
  const status = response.statusCode ?? 502;
  for (const name of PASSED_BACK) {
    const value = headerValue(response.headers, name);
    if (value !== undefined) reply.header(name, value);
  }
  // Answers are private to the token holder: no shared cache may keep them.
  reply.header("cache-control", "no-store");
  reply.code(status);
  const contentType = headerValue(response.headers, "content-type") ?? "";
  if (status >= 400 && !/\bjson\b/i.test(contentType)) {
    // Gateways answer outages with HTML; callers get the relay's JSON error shape instead.
    response.resume();
    reply.header("content-type", "application/json; charset=utf-8");
    return {
      error: status === 429 ? "too_many_requests" : "upstream_error",
      message: upstreamStatusMessage(status, environment, reply.getHeader("retry-after")),
    };
  }
  if (status >= 400) noteForLog(reply.request, { error: `upstream_${status}` });
  return reply.send(response);
}

function upstreamStatusMessage(status: number, environment: ResolvedEnvironment, retryAfter: unknown): string {
  const wait = typeof retryAfter === "string" && /^\d+$/.test(retryAfter) ? `${retryAfter} seconds` : "a minute";
  const api = `The Data API of environment "${environment.id}"`;
  if (status === 429) return `${api} is throttling requests. Wait ${wait} and try again.`;
  if (status >= 500) return `${api} answered HTTP ${status}. Try again in ${wait}.`;
  return `${api} refused the request with HTTP ${status}.`;
}

function dataTransportError(error: unknown, environment: ResolvedEnvironment, timeoutMs: number): RelayHttpError {
  if (error instanceof UpstreamTimeoutError) {
    return new RelayHttpError(
      504,
      "upstream_timeout",
      `The Data API of environment "${environment.id}" did not answer within ${Math.round(timeoutMs / 1000)} seconds. Narrow the query (a filter or a smaller limit) or try again later.`,
    );
  }
  const reason = error instanceof UpstreamConnectionError ? error.message : "the connection was dropped";
  return new RelayHttpError(
    502,
    "upstream_unreachable",
    `The relay could not reach the Data API of environment "${environment.id}" (${reason}). Try again in a minute; if it persists, check the service status or the relay configuration.`,
  );
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? "";
  const end = url.indexOf("?");
  return JSON.stringify(end === -1 ? url : url.slice(0, end)).slice(1, -1);
}
