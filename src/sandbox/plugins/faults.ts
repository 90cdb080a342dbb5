// Fault injection (admin routes under /_sandbox, loopback only) and the hook that applies faults to incoming calls:
// `status` answers with the given status (Azure AD's error shape on the token path), `latency` delays, `drop`
// destroys the socket without an answer, `truncate` sends the real answer's headers and half its body, then closes.

import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import { aadErrorBody, sendAadError } from "../aad-errors";
import { codeForStatus, sendApiError } from "../api-errors";
import { FAULT_KINDS, type Fault, type FaultSpec, type FaultStore } from "../faults";
import { loopbackOnly } from "./loopback-only";
import { entryFor, isAdminPath, markFault, type RequestLog, type RequestLogOptions } from "./request-log";
import { sharedPlugin } from "./shared-plugin";

export interface FaultsOptions {
  faults: FaultStore;
  log: RequestLog;
  logOptions: RequestLogOptions;
  internalToken: string;
  now: () => number;
  correlationIdOf: (request: FastifyRequest) => string;
}

const TOKEN_PATH = /\/oauth2\/v2\.0\/token\/?$/i;

const faultBodySchema = {
  type: "object",
  required: ["path", "kind"],
  properties: {
    path: { type: "string", minLength: 1, maxLength: 2000 },
    kind: { type: "string", enum: [...FAULT_KINDS] },
    status: { type: "integer", minimum: 100, maximum: 599 },
    retryAfter: { type: "number", minimum: 0 },
    latencyMs: { type: "integer", minimum: 0, maximum: 600_000 },
    times: { type: "integer", minimum: 1 },
    after: { type: "integer", minimum: 0 },
  },
} as const;

const KNOWN_KEYS = new Set(Object.keys(faultBodySchema.properties));

function readBody(raw: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    raw.on("data", (chunk: Buffer) => chunks.push(chunk));
    raw.on("end", () => resolve(Buffer.concat(chunks)));
    raw.on("error", reject);
  });
}

function describe(fault: Fault): Record<string, unknown> {
  return {
    id: fault.id,
    path: fault.path,
    kind: fault.kind,
    ...(fault.kind === "status" ? { status: fault.status ?? 503 } : {}),
    ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
    latencyMs: fault.latencyMs ?? 0,
    remaining: fault.remaining,
    hits: fault.hits,
    ...(fault.after !== undefined ? { after: fault.after, waiting: fault.waiting } : {}),
  };
}

export const faultsPlugin = sharedPlugin<FaultsOptions>("sandbox-faults", async (app, options) => {
  const { faults, log, logOptions, internalToken, now } = options;

  function sendStatus(request: FastifyRequest, reply: FastifyReply, fault: Fault, path: string): FastifyReply {
    const status = fault.status ?? 503;
    const retry = fault.retryAfter;
    if (TOKEN_PATH.test(path)) {
      const transient = status === 429 || status >= 500;
      const body = aadErrorBody(
        transient ? "temporarily_unavailable" : "invalid_request",
        90033,
        `A transient error has occurred. Please try again. (Injected by the sandbox fault API: status ${status}.)`,
        options.correlationIdOf(request),
        now(),
      );
      return sendAadError(reply, status, body, retry);
    }
    if (retry !== undefined) reply.header("retry-after", String(retry));
    const advice = retry !== undefined ? `retry after ${retry} s` : "try again later";
    return sendApiError(
      reply,
      status,
      codeForStatus(status, STATUS_CODES[status]),
      `The sandbox is simulating a failure on ${fault.path} (an injected fault); ${advice}.`,
    );
  }

  async function truncate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.hijack();
    const body = await readBody(request.raw);
    const headers = { ...request.headers };
    delete headers["content-length"];
    delete headers["transfer-encoding"];
    const inner = await app.inject({
      method: request.method as "GET",
      url: request.raw.url ?? request.url,
      headers: {
        ...headers,
        "x-sandbox-internal": internalToken,
        "x-correlation-id": options.correlationIdOf(request),
      },
      ...(body.length > 0 ? { payload: body } : {}),
    });
    const full = inner.rawPayload;
    const outHeaders: OutgoingHttpHeaders = { ...inner.headers };
    delete outHeaders["transfer-encoding"];
    delete outHeaders["connection"];
    outHeaders["content-length"] = String(full.length);
    markFault(request, "truncate", true);
    log.record(entryFor(request, inner.statusCode, logOptions));
    const raw = reply.raw;
    raw.writeHead(inner.statusCode, outHeaders);
    // Half the body, then the connection closes: the client sees fewer bytes than Content-Length promised.
    raw.write(full.subarray(0, Math.floor(full.length / 2)), () => raw.destroy());
  }

  app.addHook("onRequest", async (request, reply) => {
    if (isAdminPath(request.url) || request.headers["x-sandbox-internal"] === internalToken) return;
    const path = request.url.split("?")[0];
    const fault = faults.take(path);
    if (!fault) return;
    markFault(request, fault.kind);
    if (fault.latencyMs) await sleep(fault.latencyMs);
    switch (fault.kind) {
      case "latency":
        return;
      case "status":
        return sendStatus(request, reply, fault, path);
      case "drop":
        markFault(request, "drop", true);
        log.record(entryFor(request, null, logOptions));
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case "truncate":
        await truncate(request, reply);
        return reply;
    }
  });

  app.post(
    "/_sandbox/faults",
    { preHandler: loopbackOnly, schema: { body: faultBodySchema } },
    async (request, reply) => {
      const spec = request.body as FaultSpec & Record<string, unknown>;
      const unknown = Object.keys(spec).filter((key) => !KNOWN_KEYS.has(key));
      if (unknown.length > 0) {
        return sendApiError(
          reply,
          400,
          "InvalidFault",
          `Unknown field ${unknown.map((k) => `"${k}"`).join(", ")}; a fault has path, kind, status, retryAfter, latencyMs, times, after.`,
        );
      }
      if (!spec.path.startsWith("/")) {
        return sendApiError(reply, 400, "InvalidFault", `"path" must start with "/", e.g. "/api/price".`);
      }
      if (spec.kind === "latency" && !spec.latencyMs) {
        return sendApiError(reply, 400, "InvalidFault", `A latency fault needs "latencyMs" (milliseconds, 1 or more).`);
      }
      const fault = faults.add({
        path: spec.path,
        kind: spec.kind,
        status: spec.status,
        retryAfter: spec.retryAfter,
        latencyMs: spec.latencyMs,
        times: spec.times,
        after: spec.after,
      });
      return reply.code(201).send(describe(fault));
    },
  );
  app.get("/_sandbox/faults", { preHandler: loopbackOnly }, async () => faults.list().map(describe));
  app.delete("/_sandbox/faults", { preHandler: loopbackOnly }, async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
});
