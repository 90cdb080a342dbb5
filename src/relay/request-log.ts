// One JSON line per request on the log stream: request id, method, route pattern, status, duration, environment,
// client address and a few relay notes (token cache hit, relay error code), in pino's line format. Fastify itself has
// no logger (its request loggers are no-ops, and it does no per-request logging work), so a request is never split
// over lines and no plugin adds lines of its own. Every other line goes through the relay's pino logger
// (`app.relayLog`), which redacts secrets by path, so even a careless `log.info({clientSecret})` cannot leak one.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import pino from "pino";
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
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
  const note = notes.get(request);
  if (note) Object.assign(note, fields);
  else notes.set(request, { ...fields });
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

/** The relay's logger for everything but the request lines: pino, redacting secrets by path. */
export function relayLogger(stream: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: "info",
      redact: {
        paths: [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), "req.headers", "body", "*.body"],
        censor: "[redacted]",
      },
    },
    stream,
  );
}

declare module "fastify" {
  interface FastifyInstance {
    /** The relay's own logger (Fastify runs without one). */
    relayLog: pino.Logger;
  }
}

/**
 * Request ids: UUID-shaped, a random prefix per process and a counter in the last group, so ids stay unique across a
 * fleet without drawing random bytes (and taking OpenSSL's lock) for every request.
 */
export function requestIds(): () => string {
  const prefix = randomUUID().slice(0, 24);
  let next = Number.parseInt(randomUUID().slice(24, 34), 16);
  return () => prefix + (next++).toString(16).padStart(12, "0");
}

/** Keeps Fastify from doing per-request log work (it has no logger to write with); the hook below writes the line. */
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
    const head = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":"`;
    app.addHook("onRequest", (request, reply, done) => {
      const started = performance.now();
      reply.header("x-request-id", request.id);
      // "close" fires exactly once per response: after it was sent, or when the caller went away first.
      reply.raw.on("close", () =>
        destination.write(
          `{"level":30,"time":${Date.now()}${head}${request.id}","method":"${request.method}",${requestFields(request, reply, started)},"msg":"request"}\n`,
        ),
      );
      done();
    });
  },
  { name: "relay-request-log" },
);

/**
 * The line's other fields as JSON members. The request id is the relay's own (a UUID) and the method a token the
 * HTTP parser checked, so neither needs escaping; everything else goes through JSON.stringify.
 */
function requestFields(request: FastifyRequest, reply: FastifyReply, started: number): string {
  const raw = reply.raw;
  let line = `"route":${JSON.stringify(request.routeOptions.url ?? "(no route)")},"status":${raw.statusCode},"durationMs":${Math.round((performance.now() - started) * 10) / 10}`;
  const note = notes.get(request);
  if (note) for (const key of NOTE_KEYS) line += member(key, note[key]);
  // A caller gone before its line is written has no address any more.
  line += member("ip", request.ip);
  if (!raw.writableFinished) line += `,"aborted":true`;
  return line;
}

/** One `,"key":value` member, or nothing for an undefined value (as JSON.stringify leaves such a field out). */
function member(key: string, value: string | undefined): string {
  return value === undefined ? "" : `,"${key}":${JSON.stringify(value)}`;
}

const NOTE_KEYS = ["environment", "tokenSource", "upstreamPath", "error", "detail"] as const satisfies ReadonlyArray<
  keyof RequestLogFields
>;
// A field added to RequestLogFields without a place in NOTE_KEYS would never be written: that does not compile.
const everyNoteWritten: Exclude<keyof RequestLogFields, (typeof NOTE_KEYS)[number]> extends never ? true : never = true;
void everyNoteWritten;
