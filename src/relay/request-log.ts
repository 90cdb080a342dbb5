// One JSON line per request on the log stream (pino, through Fastify): request id, method, route pattern, status,
// duration, environment, client address and a few relay notes (token cache hit, relay error code). Fastify's own
// "incoming request" / "request completed" / error lines are silenced so a request is never split over lines. The
// logger also redacts secrets by path, so even a careless `log.info({clientSecret})` elsewhere cannot leak one.
import {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";

export interface RequestLogFields {
  environment?: string;
  /** Where a token came from: the cache or Azure AD. */
  tokenSource?: "cache" | "upstream";
  /** Path forwarded to the Data API (never the query string). */
  upstreamPath?: string;
  /** The relay's error code when it answered with an error. */
  error?: string;
  /** For unexpected failures only: what went wrong inside the relay. */
  detail?: string;
}

const notes = new WeakMap<FastifyRequest, RequestLogFields>();

export function noteForLog(request: FastifyRequest, fields: RequestLogFields): void {
  notes.set(request, { ...notes.get(request), ...fields });
}

const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "clientSecret",
  "client_secret",
  "accessToken",
  "access_token",
  "token",
  "password",
  "cookie",
];

export function loggerOptions(stream: NodeJS.WritableStream | undefined): FastifyServerOptions["logger"] {
  return {
    level: "info",
    ...(stream ? { stream } : {}),
    redact: {
      paths: [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), "req.headers", "body", "*.body"],
      censor: "[redacted]",
    },
  };
}

/** Keeps Fastify from writing its own per-request lines; the hook below writes the only one. */
export class QuietLogController extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(): void {}
  override defaultErrorLog(): void {}
  override routeNotFound(): void {}
  override streamError(error: Error, request: FastifyRequest): void {
    noteForLog(request, { detail: `response stream ended early (${error.message})` });
  }
}

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    // "close" fires exactly once per response: after it was sent, or when the caller went away first.
    let finished = false;
    reply.raw.once("finish", () => (finished = true));
    reply.raw.once("close", () => writeLine(request, reply, !finished));
    done();
  });
}

function writeLine(request: FastifyRequest, reply: FastifyReply, aborted: boolean): void {
  const fields = notes.get(request) ?? {};
  request.log.info(
    {
      method: request.method,
      route: request.routeOptions.url ?? "(no route)",
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...fields,
      ip: request.ip,
      ...(aborted ? { aborted: true } : {}),
    },
    "request",
  );
}
