// The relay: token exchange and Data API forwarding for the add-in, which runs in a browser and can do neither
// itself. Stateless (any number of instances behind a load balancer); talks only to the hosts its configuration names.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import compress from "@fastify/compress";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import {
  DEFAULT_IMPORT_BODY_LIMIT_BYTES,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  loadRelayConfig,
  type RelayConfig,
} from "./config";
import { createContext } from "./context";
import { registerDataRoutes } from "./data-route";
import { invalidJsonMessage, RelayHttpError } from "./relay-error";
import { loggerOptions, noteForLog, QuietLogController, registerRequestLog } from "./request-log";
import { registerSecurity } from "./security";
import { registerStaticFiles } from "./static-files";
import { registerTokenRoute } from "./token-route";
import { registerManagedEnvironments, type ManagedOptions } from "./managed/plugin";
import { publicSignIn } from "./managed/settings";

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
  const context = createContext(config, options.now ?? Date.now, upstreamTimeoutMs);
  const app = Fastify({
    logger: loggerOptions(options.logStream),
    logController: new QuietLogController(),
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy ?? false,
    bodyLimit: 16 * 1024,
    ...(options.https ? { https: { key: options.https.key, cert: options.https.cert } } : {}),
  }) as unknown as FastifyInstance;

  registerRequestLog(app);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onClose", async () => context.upstream.close());
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

  await registerSecurity(app, config.allowedOrigins);
  await app.register(compress, { global: true, threshold: 1024 });

  app.get("/healthz", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { status: "ok" };
  });
  app.get("/api/environments", async (_request, reply) => {
    reply.header("cache-control", "no-cache");
    return config.environments.map(({ id, label, production, managed }) => ({
      id,
      label,
      production,
      ...publicSignIn(managed),
    }));
  });
  registerManagedEnvironments(app, context, options.managed);
  registerTokenRoute(app, context);
  registerDataRoutes(app, context, config.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT_BYTES);
  if (options.staticDir) await registerStaticFiles(app, options.staticDir);
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
  const { status, code, message, retryAfter } = describeError(error, request);
  noteForLog(request, {
    error: code,
    ...(status >= 500 && !(error instanceof RelayHttpError) ? { detail: error.message } : {}),
  });
  if (retryAfter) reply.header("retry-after", retryAfter);
  reply.header("cache-control", "no-store");
  reply.code(status).type("application/json; charset=utf-8").send({ error: code, message });
}

function describeError(error: FastifyError | Error, request: FastifyRequest) {
  if (error instanceof RelayHttpError) {
    return { status: error.status, code: error.code, message: error.message, retryAfter: error.retryAfter };
  }
  const status = (error as FastifyError).statusCode ?? 500;
  const code = (error as FastifyError).code;
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
