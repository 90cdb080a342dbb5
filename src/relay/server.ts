// The relay: token exchange and Data API forwarding for the add-in, which runs in a browser and can do neither
// itself. Any number of instances behind a load balancer: with Redis (`redis`) they share the token cache and the
// attempt budget; talks only to the hosts its configuration names. Each concern is a plugin registered here.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import {
  DEFAULT_IMPORT_BODY_LIMIT_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  HEADERS_TIMEOUT_MS,
  loadRelayConfig,
  type RelayConfig,
} from "./config";
import { createContext } from "./context";
import { FORWARDED_PATHS_SENTENCE } from "./data-paths";
import { dataRoutes } from "./data-route";
import { infoRoutes } from "./info-routes";
import { invalidJsonMessage, RelayHttpError } from "./relay-error";
import {
  logDestination,
  noteForLog,
  QuietLogController,
  relayLogger,
  requestIds,
  requestLog,
  upstreamStreamError,
} from "./request-log";
import { security } from "./security";
import { TOKEN_BODY_SCHEMA, tokenRoute } from "./token-route";
import { registerManagedEnvironments, type ManagedOptions } from "./managed/plugin";

export { loadRelayConfig, RelayConfigError } from "./config";
export type { RelayConfig, RelayEnvironment } from "./config";

export interface RelayOptions {
  /** A validated-on-load configuration object, or the path of a JSON file. */
  config: RelayConfig | string;
  /** Default 7072; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 in a container. */
  host?: string;
  /** Serve this folder (the built add-in) at "/". */
  staticDir?: string;
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Where the JSON log lines go; default stdout. */
  logStream?: NodeJS.WritableStream;
  /** Clock for token expiry and the failed-attempt window (tests). */
  now?: () => number;
  upstreamTimeoutMs?: number;
  /** Share state with other instances through this Redis (`--redis` / RELAY_REDIS_URL). */
  redisUrl?: string;
  /** RELAY_CACHE_KEY: encrypts and keys the shared token cache; required with `redisUrl`. */
  cacheKey?: string;
  /** Organisation sign-in: where managed secrets are looked up, an extra identity-provider CA (src/relay/managed). */
  managed?: ManagedOptions;
}

export interface RunningRelay {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds the relay without listening (use `inject()` in tests, or `startRelay`). */
export async function buildRelay(options: RelayOptions): Promise<FastifyInstance> {
  const config = loadRelayConfig(options.config);
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? config.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const requestTimeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const destination = logDestination(options.logStream);
  const app = Fastify({
    // No Fastify logger: with one, every request pays for a child logger and response listeners it never uses.
    logger: false,
    logController: new QuietLogController(),
    genReqId: requestIds(),
    trustProxy: config.trustProxy ?? false,
    bodyLimit: 16 * 1024,
    // The timeouts every route shares: headers within 10 s, the whole request (body included) within
    // requestTimeoutMs, an idle connection closed after the upstream timeout plus 10 s (an answer may take that long).
    requestTimeout: requestTimeoutMs,
    connectionTimeout: upstreamTimeoutMs + 10_000,
    serverFactory: (handler) => {
      const serverOptions = {
        headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
        requestTimeout: requestTimeoutMs,
        // Node checks the two timeouts above this often (30 s by default, which would let a dribble run on).
        connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
      };
      return options.https
        ? https.createServer({ ...serverOptions, key: options.https.key, cert: options.https.cert }, handler)
        : http.createServer(serverOptions, handler);
    },
  }) as unknown as FastifyInstance;
  const log = relayLogger(destination);
  app.decorate("relayLog", log);
  const context = await createContext(config, options.now ?? Date.now, upstreamTimeoutMs, {
    redisUrl: options.redisUrl,
    cacheKey: options.cacheKey,
    onStoreStateChange: (state, detail) =>
      state === "ready"
        ? log.info({ store: "redis" }, "Shared token store (Redis) reachable")
        : log.warn({ store: "redis", detail }, "Shared token store (Redis) unreachable: the token route answers 503"),
  });

  // Also sets X-Request-Id on every answer.
  await app.register(requestLog, { destination });
  app.addHook("onClose", async () => context.close());
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    sendError(
      new RelayHttpError(
        404,
        "not_found",
        `There is nothing at ${request.method} ${request.url.split("?")[0]}. The relay's API is under /api (see GET /api/environments).`,
      ),
      request,
      reply,
    );
  });

  await app.register(security, { allowedOrigins: config.allowedOrigins, publicOrigins: config.publicOrigins });

  await app.register(infoRoutes, { config });
  // Before the data routes: they ask it (request.server.managedSignIn) for a managed environment's upstream token.
  registerManagedEnvironments(app, context, options.managed);
  await app.register(tokenRoute, { context });
  await app.register(dataRoutes, {
    context,
    importBodyLimit: config.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT_BYTES,
  });
  // Loaded only where the relay serves the add-in: @fastify/static and @fastify/compress are about 3 MB of heap.
  if (options.staticDir) await (await import("./static-files")).registerStaticFiles(app, options.staticDir);
  return app;
}

/** Builds and listens; `close()` finishes in-flight requests, then stops. */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const app = await buildRelay(options);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 7072, host });
  const { port } = app.server.address() as AddressInfo;
  return { url: publicUrl(Boolean(options.https), host, port), app, close: () => app.close() };
}

function publicUrl(https: boolean, host: string, port: number): string {
  const wildcard = host === "0.0.0.0" || host === "::";
  const loopback = host === "127.0.0.1" || host === "localhost" || host === "::1";
  // Development certificates are issued for "localhost"; plain http keeps the literal address.
  const name = wildcard || (https && loopback) ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `${https ? "https" : "http"}://${name}:${port}`;
}

function sendError(error: FastifyError | RelayHttpError | Error, request: FastifyRequest, reply: FastifyReply): void {
  // An answer that broke while streaming from the Data API is told as the relay's 502/504, not a 500.
  const described = upstreamStreamError(request) ?? error;
  if (reply.raw.headersSent) {
    // Bytes already went out: the only honest signal left is to cut the response off.
    noteForLog(request, { error: "aborted_mid_answer", detail: described.message });
    reply.raw.destroy();
    return;
  }
  const { status, code, message, retryAfter } = describeError(described, request);
  noteForLog(request, {
    error: code,
    ...(status >= 500 && !(described instanceof RelayHttpError) ? { detail: described.message } : {}),
  });
  // A compressed answer that failed before its first byte: what goes out now is plain JSON.
  for (const name of ["content-encoding", "content-length", "vary"]) {
    reply.removeHeader(name);
    reply.raw.removeHeader(name);
  }
  if (retryAfter) reply.header("retry-after", retryAfter);
  if (described instanceof RelayHttpError && described.closeConnection) reply.header("connection", "close");
  reply.header("cache-control", "no-store");
  reply.code(status).type("application/json; charset=utf-8").send({ error: code, message });
}

function describeError(error: FastifyError | Error, request: FastifyRequest) {
  if (error instanceof RelayHttpError) {
    return { status: error.status, code: error.code, message: error.message, retryAfter: error.retryAfter };
  }
  const status = (error as FastifyError).statusCode ?? 500;
  const code = (error as FastifyError).code;
  const validation = (error as FastifyError).validation;
  if (validation && (error as FastifyError).validationContext === "params") {
    // A data route whose environment id cannot be one: not a path the relay forwards.
    return { status: 404, code: "not_forwarded", message: `That path is not forwarded. ${FORWARDED_PATHS_SENTENCE}` };
  }
  if (validation) return { status: 400, code: "invalid_request", message: tokenFieldMessage(validation[0]) };
  if (status === 413) {
    const limit = request.routeOptions.bodyLimit;
    return {
      status,
      code: "body_too_large",
      message: `The request body is larger than the ${Math.round(limit / 1024)} KB this call accepts. Send fewer records per request.`,
    };
  }
  if (status === 415) {
    return {
      status,
      code: "unsupported_media_type",
      message: "Send the body as JSON with Content-Type: application/json.",
    };
  }
  if (status === 400 && (code?.startsWith("FST_ERR_CTP") || error instanceof SyntaxError)) {
    return {
      status,
      code: "invalid_json",
      message: invalidJsonMessage(error),
    };
  }
  if (status === 403) {
    return { status, code: "forbidden", message: "That path is outside the files this server publishes." };
  }
  if (status >= 400 && status < 500) {
    return { status, code: "bad_request", message: `The relay could not read this request (${error.message}).` };
  }
  return {
    status: 500,
    code: "internal_error",
    message: `The relay hit an unexpected error. Try again; if it persists, tell your administrator (request id ${request.id}).`,
  };
}

type SchemaError = NonNullable<FastifyError["validation"]>[number];

/** The token body schema's complaint as a sentence naming the field and what to put there. */
function tokenFieldMessage(failure: SchemaError | undefined): string {
  const name =
    failure?.keyword === "required"
      ? String((failure.params as { missingProperty?: string }).missingProperty)
      : (failure?.instancePath ?? "").replace(/^\//, "");
  const properties = TOKEN_BODY_SCHEMA.properties as Record<string, { description: string; maxLength: number }>;
  const field = properties[name];
  if (!field) {
    return "Send a JSON object {environment, clientId, clientSecret, scope} with Content-Type: application/json.";
  }
  if (failure?.keyword === "maxLength") {
    return `"${name}" is longer than ${field.maxLength} characters: check ${field.description}.`;
  }
  return `"${name}" is missing: fill in ${field.description}.`;
}
