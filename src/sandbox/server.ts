// The local Kalibrate sandbox: Azure AD token endpoint + Data API over seeded data, with fault injection and a
// request log. buildSandbox() gives a Fastify instance for inject() tests; startSandbox() listens on 127.0.0.1.

import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { codeForStatus, sendApiError } from "./api-errors";
import { loadConfig, type SandboxConfig } from "./config";
import { generateData } from "./data/seed";
import type { SeededData } from "./data/store";
import { FaultStore } from "./faults";
import { TokenSigner } from "./jwt";
import { bearerAuthPlugin } from "./plugins/bearer-auth";
import { collectionsPlugin } from "./plugins/collections";
import { correlationIdOf, correlationIdPlugin } from "./plugins/correlation-id";
import { faultsPlugin } from "./plugins/faults";
import { ImportLog, importLogPlugin, importsPlugin } from "./plugins/imports";
import { priceMovesPlugin } from "./plugins/price-moves";
import { RequestLog, requestLogPlugin } from "./plugins/request-log";
import { tokenPlugin } from "./plugins/token";

export type { SandboxConfig, SandboxClient, Rights } from "./config";
export type { SeededData } from "./data/store";
export type { KalibrateDocument, DocumentId, EntityRef } from "./data/documents";
export { DEFAULT_SEED, DEFAULT_SIZE } from "./data/seed";

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** A config object, a path to a JSON config file, or (default) src/sandbox/sandbox.config.json. */
  config?: SandboxConfig | string;
  /** Roughly how many price records to seed (default 40,000). */
  size?: number;
  seed?: string | number;
  /** Clock in epoch milliseconds, for token expiry tests (default Date.now). */
  now?: () => number;
  logger?: boolean;
}

export interface RunningSandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + "/api" */
  apiUrl: string;
  /** url + "/" + tenantId + "/oauth2/v2.0/token" */
  tokenUrl: string;
  config: SandboxConfig;
  data: SeededData;
  close(): Promise<void>;
}

const REQUEST_LOG_CAPACITY = 100_000;

interface Assembled {
  app: FastifyInstance;
  config: SandboxConfig;
  data: SeededData;
}

function tokenPathFor(config: SandboxConfig): string {
  return `/${config.tenantId}/oauth2/v2.0/token`;
}

async function assemble(options: SandboxOptions): Promise<Assembled> {
  const config = loadConfig(options.config);
  const now = options.now ?? Date.now;
  const data = generateData({ seed: options.seed, size: options.size });
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { caseSensitive: false },
    // Keep-alive sockets from fetch() must not hold close() open.
    forceCloseConnections: true,
  });
  const signer = new TokenSigner();
  const internalToken = randomBytes(16).toString("hex");
  const log = new RequestLog(REQUEST_LOG_CAPACITY);
  const logOptions = { log, internalToken, now, correlationIdOf };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return sendApiError(reply, 500, "InternalError", "The sandbox failed to answer this request; see its log.");
    }
    if (error.validation) {
      return sendApiError(reply, 400, "InvalidRequest", `The request is not valid: ${error.message}.`);
    }
    return sendApiError(
      reply,
      status,
      codeForStatus(status, STATUS_CODES[status]),
      `The request could not be read (${error.message}); check the body and its Content-Type.`,
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendApiError(
      reply,
      404,
      "NotFound",
      `There is no endpoint ${request.method} ${request.url.split("?")[0]}. Data API paths look like ` +
        `/api/{collection}?query=…; the token endpoint is POST ${tokenPathFor(config)}.`,
    ),
  );

  await app.register(correlationIdPlugin);
  await app.register(requestLogPlugin, logOptions);
  await app.register(faultsPlugin, { faults: new FaultStore(), log, logOptions, internalToken, now, correlationIdOf });
  await app.register(tokenPlugin, { config, signer, now, correlationIdOf });
  const importLog = new ImportLog();
  await app.register(importLogPlugin, { log: importLog });
  await app.register(priceMovesPlugin, { data, now });
  await app.register(
    async (api) => {
      await api.register(bearerAuthPlugin, { config, signer, now, tokenPath: tokenPathFor(config) });
      await api.register(collectionsPlugin, { data, now });
      await api.register(importsPlugin, { data, now, log: importLog });
    },
    { prefix: "/api" },
  );
  return { app, config, data };
}

/** The sandbox as a Fastify instance, not listening: use app.inject(). */
export async function buildSandbox(options: SandboxOptions = {}): Promise<FastifyInstance> {
  return (await assemble(options)).app;
}

/** Builds the sandbox and listens on 127.0.0.1 (port 0 = any free port). */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { app, config, data } = await assemble(options);
  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    apiUrl: `${url}/api`,
    tokenUrl: `${url}${tokenPathFor(config)}`,
    config,
    data,
    close: () => app.close(),
  };
}
