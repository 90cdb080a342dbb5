// What the sandbox received, for tests and benches to count calls: method, URL, status, time. Never a header (so
// never the Authorization bearer) and never a body (so never a client secret); secret-looking query parameters are
// masked too. The /_sandbox admin calls themselves are not logged.

import type { FastifyRequest } from "fastify";
import { loopbackOnly } from "./loopback-only";
import { sharedPlugin } from "./shared-plugin";

export interface LoggedRequest {
  method: string;
  url: string;
  /** null when a fault dropped the connection before any status was sent. */
  status: number | null;
  /** ISO time the request arrived. */
  time: string;
  durationMs: number;
  correlationId: string;
  /** The injected fault that shaped the answer, if any. */
  fault?: string;
}

const SECRET_PARAMETERS = /([?&](?:client_secret|access_token|id_token|code|password|client_assertion)=)[^&#]*/gi;

export function maskUrl(url: string): string {
  return url.replace(SECRET_PARAMETERS, "$1***");
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly capacity: number) {}

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    // Drop the oldest tenth at once so recording stays O(1) on average.
    if (this.entries.length > this.capacity) this.entries = this.entries.slice(Math.ceil(this.capacity / 10));
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

interface RequestState {
  started: number;
  arrived: number;
  fault?: string;
  /** Set when the fault handler wrote the entry itself (dropped or truncated answers). */
  recorded?: boolean;
}

const states = new WeakMap<FastifyRequest, RequestState>();

export function markFault(request: FastifyRequest, kind: string, recorded = false): void {
  const state = states.get(request);
  if (state) Object.assign(state, { fault: kind, recorded });
}

export function isAdminPath(url: string): boolean {
  return url.toLowerCase().startsWith("/_sandbox");
}

export interface RequestLogOptions {
  log: RequestLog;
  /** Requests carrying this value in `x-sandbox-internal` are the sandbox's own and are not logged. */
  internalToken: string;
  now: () => number;
  correlationIdOf: (request: FastifyRequest) => string;
}

/** The entry for a request; `status` null when no status line was sent. */
export function entryFor(request: FastifyRequest, status: number | null, options: RequestLogOptions): LoggedRequest {
  const state = states.get(request);
  const started = state?.started ?? performance.now();
  return {
    method: request.method,
    url: maskUrl(request.raw.url ?? request.url),
    status,
    time: new Date(state?.arrived ?? options.now()).toISOString(),
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    correlationId: options.correlationIdOf(request),
    ...(state?.fault ? { fault: state.fault } : {}),
  };
}

export const requestLogPlugin = sharedPlugin<RequestLogOptions>("sandbox-request-log", async (app, options) => {
  const { log, internalToken, now } = options;
  app.addHook("onRequest", async (request) => {
    states.set(request, { started: performance.now(), arrived: now() });
  });
  app.addHook("onResponse", async (request, reply) => {
    if (states.get(request)?.recorded) return;
    if (isAdminPath(request.url) || request.headers["x-sandbox-internal"] === internalToken) return;
    log.record(entryFor(request, reply.statusCode, options));
  });

  // A client that goes away before its answer is complete: logged as 499 (client closed request), once.
  app.addHook("onRequestAbort", async (request) => {
    const state = states.get(request);
    if (state?.recorded) return;
    if (isAdminPath(request.url) || request.headers["x-sandbox-internal"] === internalToken) return;
    if (state) state.recorded = true;
    log.record(entryFor(request, 499, options));
  });

  app.get("/_sandbox/requests", { preHandler: loopbackOnly }, async () => log.list());
  app.delete("/_sandbox/requests", { preHandler: loopbackOnly }, async (_request, reply) => {
    log.clear();
    return reply.code(204).send();
  });
});
