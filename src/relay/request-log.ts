// One JSON line per request on the log stream: request id, method, route pattern, status, duration, environment,
// client address and a few relay notes (token cache hit, relay error code), in pino's line format. Fastify's own
// "incoming request" / "request completed" / error lines are silenced so a request is never split over lines. Every
// other line goes through pino (through Fastify), which redacts secrets by path, so even a careless
// `log.info({clientSecret})` elsewhere cannot leak one.
import { hostname } from "node:os";
import type pino from "pino";
import {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";
import fp from "fastify-plugin";
import { stdoutLogDestination } from "./log-destination";

export interface RequestLogFields {
  environment?: string;
  /** Where a token came from: the cache, Azure AD, or another instance's call (fleet single flight). */
  tokenSource?: "cache" | "upstream" | "peer";
  /** Path forwarded to the Data API (never the query string). */
  upstreamPath?: string;
  /** The relay's error code when it answered with an error. */
  error?: string;
  /** For unexpected failures only: what went wrong inside the relay. */
  detail?: string;
}

const notes = new WeakMap<FastifyRequest, RequestLogFields>();
const upstreamStreamErrors = new WeakMap<FastifyRequest, Error>();

/** The relay's own description of a Data API answer that broke while streaming (server.ts answers with it). */
export function markUpstreamStreamError(request: FastifyRequest, error: Error): void {
  if (!upstreamStreamErrors.has(request)) upstreamStreamErrors.set(request, error);
}

export function upstreamStreamError(request: FastifyRequest): Error | undefined {
  return upstreamStreamErrors.get(request);
}

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

/** Where the log lines go: the given stream, or stdout (log-destination.ts). */
export function logDestination(stream: NodeJS.WritableStream | undefined): pino.DestinationStream {
  return stream ?? stdoutLogDestination();
}

export function loggerOptions(stream: pino.DestinationStream): FastifyServerOptions["logger"] {
  return {
    level: "info",
    stream,
    redact: {
      paths: [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), "req.headers", "body", "*.body"],
      censor: "[redacted]",
    },
  };
}

/**
 * Per-request loggers are silent: Fastify and plugins (@fastify/compress logs a broken stream at error level, with a
 * stack) must not add lines of their own; what went wrong is noted on the request's one line instead.
 */
export const silentRequestLogger: NonNullable<FastifyServerOptions["childLoggerFactory"]> = (logger) => {
  // One silent logger for every request: a pino child per request cost a few µs for a logger that never writes.
  let silent = silentLoggers.get(logger);
  if (!silent) {
    silent = logger.child({}, { level: "silent" });
    silentLoggers.set(logger, silent);
  }
  return silent;
};
const silentLoggers = new WeakMap<object, FastifyBaseLogger>();

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

/**
 * One line per request, written when the response is over (fastify-plugin: it must see every route). Written
 * straight to the log's destination in pino's format rather than through pino: its per-field serialisation was most of
 * what the line cost (about a tenth of a small request's CPU). The fields are the relay's own, none a secret's name.
 */
export const requestLog = fp(
  async (app: FastifyInstance, { destination }: { destination: pino.DestinationStream }) => {
    const start = `{"level":30,"time":`;
    const origin = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},`;
    app.addHook("onRequest", (request, reply, done) => {
      reply.header("x-request-id", request.id);
      // "close" fires exactly once per response: after it was sent, or when the caller went away first.
      reply.raw.once("close", () =>
        destination.write(
          `${start}${Date.now()}${origin}${requestFields(request, reply, !reply.raw.writableFinished)},"msg":"request"}\n`,
        ),
      );
      done();
    });
  },
  { name: "relay-request-log" },
);

/** The line's fields as JSON members, without the braces. */
function requestFields(request: FastifyRequest, reply: FastifyReply, aborted: boolean): string {
  const json = JSON.stringify({
    reqId: request.id,
    method: request.method,
    route: request.routeOptions.url ?? "(no route)",
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
    ...notes.get(request),
    ip: request.ip,
    ...(aborted ? { aborted: true } : {}),
  });
  return json.slice(1, -1);
}
