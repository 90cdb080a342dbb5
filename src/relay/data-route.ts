// /api/data/{environment}/…: forwards whitelisted Data API calls with the caller's bearer token (the Data API has no
// CORS, so a browser cannot call it). The answer streams back as it arrives, compressed for the caller where that pays
// (answer-encoding.ts). Import bodies are never parsed or buffered whole: after a shape check on their first bytes they stream to
// the Data API as the exact bytes received, cut off at the per-request (per-batch) size cap. A request without a
// bearer token is refused before a byte of its body is read.
import type { IncomingMessage } from "node:http";
import { Transform, type Readable } from "node:stream";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { unknownEnvironmentMessage, type RelayContext, type ResolvedEnvironment } from "./context";
import { FORWARDED_PATHS_SENTENCE, parseDataRequest } from "./data-paths";
import {
  answerEncoding,
  COMPRESS_FROM_BYTES,
  compressStream,
  compressWhole,
  SMALL_ANSWER_BYTES,
} from "./answer-encoding";
import { checkJsonStart, JSON_START_LIMIT_BYTES } from "./json-start";
import { markUpstreamStreamError, noteForLog } from "./request-log";
import { RelayHttpError } from "./relay-error";
import { headerValue, upstreamFailure, UpstreamTimeoutError, type UpstreamAnswer } from "./upstream";

const BEARER = /^Bearer [\x21-\x7E]{1,8192}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PASSED_BACK = ["content-type", "content-length", "x-correlation-id", "retry-after"];
const USER_AGENT = "kalibrate-excel-relay";

export const DATA_PARAMS_SCHEMA = {
  type: "object",
  required: ["environment"],
  properties: { environment: { type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" } },
} as const;

export const dataRoutes: FastifyPluginAsync<{ context: RelayContext; importBodyLimit: number }> = async (
  scope,
  { context, importBodyLimit },
) => {
  // Encapsulated (no fastify-plugin): the body is handed over as the raw stream on these routes only.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("application/json", (_request, payload, done) => done(null, payload));
  const handler = (request: FastifyRequest, reply: FastifyReply) => forward(context, request, reply, importBodyLimit);
  const schema = { params: DATA_PARAMS_SCHEMA };
  scope.get("/api/data/:environment/*", { exposeHeadRoute: false, schema }, handler);
  scope.post("/api/data/:environment/*", { schema }, handler);
};

async function forward(context: RelayContext, request: FastifyRequest, reply: FastifyReply, importBodyLimit: number) {
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
  const body = target.kind === "import" ? await importBody(request, importBodyLimit) : undefined;
  let response: UpstreamAnswer;
  try {
    response = await context.upstream.request({
      method: target.kind === "import" ? "POST" : "GET",
      base: environment.dataApiBase,
      pathAndQuery: target.path + (target.query ? `?${target.query}` : ""),
      headers: upstreamHeaders(request, authorization, body),
      body: body?.stream,
      caller: reply.raw,
      idempotent: target.kind !== "import",
    });
  } catch (error) {
    if (body?.tooLarge()) throw bodyTooLarge(importBodyLimit);
    throw dataTransportError(error, environment, context.upstreamTimeoutMs);
  }
  if (body && !request.raw.readableEnded) {
    // The Data API answered before the whole body arrived (a refusal): stop reading, close after the answer.
    request.raw.unpipe();
    reply.header("connection", "close");
  }
  if (response.statusCode === 401) {
    // The Data API refused this token: the cache must not hand it out again (only the entry holding it; best
    // effort, so the data route keeps working without the shared store).
    // Awaited so the add-in's immediate retry cannot race it; a store outage only costs the eviction.
    await context.tokens.evict(authorization.slice("Bearer ".length)).catch(() => undefined);
  }
  return relayResponse(response, environment, reply, context.upstreamTimeoutMs);
}

interface ImportBody {
  stream: Transform;
  contentLength?: number;
  tooLarge(): boolean;
}

function bodyTooLarge(limit: number): RelayHttpError {
  const error = new RelayHttpError(
    413,
    "body_too_large",
    `The import body is larger than the ${Math.round(limit / 1024)} KB one import request (one batch) may carry. Send fewer records per request.`,
  );
  error.closeConnection = true;
  return error;
}

/** Checks the first bytes, then hands back a stream of the whole body that fails once it passes the cap. */
async function importBody(request: FastifyRequest, limit: number): Promise<ImportBody> {
  const raw = request.raw;
  const declared = request.headers["content-length"];
  const contentLength = declared === undefined ? undefined : Number(declared);
  // Answers sent before the body was read close the connection, so the unread rest costs nothing.
  const refuse = (error: RelayHttpError): never => {
    throw Object.assign(error, { closeConnection: true });
  };
  const contentEncoding = request.headers["content-encoding"];
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== "identity") {
    // The size cap and the shape check read the bytes as sent; the Data API takes plain JSON.
    refuse(
      new RelayHttpError(
        415,
        "unsupported_encoding",
        "Send the import body uncompressed: the relay does not accept a Content-Encoding on imports.",
      ),
    );
  }
  if (contentLength !== undefined && contentLength > limit) refuse(bodyTooLarge(limit));
  if (contentLength === 0) refuse(emptyImport());
  const head = await readHead(raw);
  const verdict = checkJsonStart(head);
  if (verdict === "empty") refuse(emptyImport());
  if (verdict !== "ok" || head.length === 0) {
    refuse(
      new RelayHttpError(
        400,
        "invalid_json",
        "The import body is not valid JSON (it must be an array or object of records). Fix it and send it again.",
      ),
    );
  }
  let size = 0;
  let over = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) {
        over = true;
        callback(new Error("import body over the cap"));
        return;
      }
      callback(null, chunk);
    },
  });
  stream.write(head);
  raw.pipe(stream);
  return { stream, contentLength, tooLarge: () => over };
}

function emptyImport(): RelayHttpError {
  return new RelayHttpError(
    400,
    "invalid_request",
    "Send the import records as a JSON body with Content-Type: application/json.",
  );
}

/** Reads just enough of the body for the shape check (a few bytes, at most JSON_START_LIMIT_BYTES), then pauses. */
function readHead(raw: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      raw.off("data", onData);
      raw.off("end", onEnd);
      raw.off("error", onError);
      raw.pause();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const verdict = checkJsonStart(Buffer.concat(chunks, size));
      if (size >= JSON_START_LIMIT_BYTES || (verdict !== "more" && verdict !== "empty")) done();
    };
    const onEnd = () => done();
    const onError = (error: Error) => done(error);
    raw.on("data", onData);
    raw.once("end", onEnd);
    raw.once("error", onError);
  });
}

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;

function upstreamHeaders(request: FastifyRequest, authorization: string, body: ImportBody | undefined) {
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
  // An import's Idempotency-Key travels on, so a resent batch can be recognised upstream.
  const idempotencyKey = request.headers["idempotency-key"];
  if (typeof idempotencyKey === "string" && IDEMPOTENCY_KEY.test(idempotencyKey)) {
    headers["idempotency-key"] = idempotencyKey;
  }
  if (body) {
    headers["content-type"] = "application/json";
    // Without a declared length the body goes chunked.
    if (body.contentLength !== undefined) headers["content-length"] = String(body.contentLength);
  }
  return headers;
}

async function relayResponse(
  response: UpstreamAnswer,
  environment: ResolvedEnvironment,
  reply: FastifyReply,
  timeoutMs: number,
) {
  const status = response.statusCode;
  const contentType = headerValue(response.headers, "content-type") ?? "";
  if (status >= 400 && !/\bjson\b/i.test(contentType)) {
    // Gateways answer outages with HTML; callers get the relay's JSON error shape instead.
    response.body.resume();
    const retryAfter = headerValue(response.headers, "retry-after");
    if (retryAfter !== undefined) reply.header("retry-after", retryAfter);
    const correlationId = headerValue(response.headers, "x-correlation-id");
    if (correlationId !== undefined) reply.header("x-correlation-id", correlationId);
    reply.header("cache-control", "no-store").code(status).type("application/json; charset=utf-8");
    return {
      error: status === 429 ? "too_many_requests" : "upstream_error",
      message: upstreamStatusMessage(status, environment, retryAfter),
    };
  }
  for (const name of PASSED_BACK) {
    const value = headerValue(response.headers, name);
    if (value !== undefined) reply.header(name, value);
  }
  // Answers are private to the token holder: no shared cache may keep them.
  reply.header("cache-control", "no-store");
  // Beside what the security hook set (Origin): the answer also differs by what the caller accepts.
  const vary = reply.getHeader("vary");
  reply.header("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  reply.code(status);
  if (status >= 400) noteForLog(reply.request, { error: `upstream_${status}` });
  // NaN when unsized: such an answer streams, compressed where the caller takes it.
  const length = Number(headerValue(response.headers, "content-length") ?? NaN);
  const encoding = length < COMPRESS_FROM_BYTES ? undefined : answerEncoding(reply.request.headers["accept-encoding"]);
  if (length <= SMALL_ANSWER_BYTES) {
    let body: Buffer;
    try {
      body = await readWhole(response.body, length);
    } catch (error) {
      throw dataTransportError(error, environment, timeoutMs, true);
    }
    if (!encoding) return reply.send(body);
    const packed = compressWhole(body, encoding);
    reply.header("content-encoding", encoding).header("content-length", packed.length);
    return reply.send(packed);
  }
  // Before any byte went out, a broken answer becomes a 502/504 in the relay's shape (server.ts's error handler).
  response.body.once("error", (error) =>
    markUpstreamStreamError(reply.request, dataTransportError(error, environment, timeoutMs, true)),
  );
  if (!encoding) return reply.send(response.body);
  reply.removeHeader("content-length");
  reply.header("content-encoding", encoding);
  return reply.send(compressStream(response.body, encoding));
}

/** A small answer of known length, read into one buffer. */
function readWhole(response: Readable, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    response.once("end", () =>
      size === length ? resolve(Buffer.concat(chunks, size)) : reject(new Error("the answer was cut off")),
    );
    response.once("error", reject);
  });
}

function upstreamStatusMessage(status: number, environment: ResolvedEnvironment, retryAfter: unknown): string {
  const wait = typeof retryAfter === "string" && /^\d+$/.test(retryAfter) ? `${retryAfter} seconds` : "a minute";
  const api = `The Data API of environment "${environment.id}"`;
  if (status === 429) return `${api} is throttling requests. Wait ${wait} and try again.`;
  if (status >= 500) return `${api} answered HTTP ${status}. Try again in ${wait}.`;
  return `${api} refused the request with HTTP ${status}.`;
}

function dataTransportError(
  error: unknown,
  environment: ResolvedEnvironment,
  timeoutMs: number,
  midAnswer = false,
): RelayHttpError {
  const failure = upstreamFailure(error);
  if (failure instanceof UpstreamTimeoutError) {
    return new RelayHttpError(
      504,
      "upstream_timeout",
      `The Data API of environment "${environment.id}" did not answer within ${Math.round(timeoutMs / 1000)} seconds. Narrow the query (a filter or a smaller limit) or try again later.`,
    );
  }
  const reason = midAnswer ? "its answer was cut off" : failure.message;
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
