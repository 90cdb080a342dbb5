// Browser-facing protections. CORS: only the configured origins and the relay's own public origins may call /api; a
// call or preflight from any other origin is refused with 403 before it reaches a route, so a foreign page cannot
// even use the relay to test credentials. "/api" is judged on the path as the router sees it (percent-decoded, the
// path of an absolute-form request line), so `/%61pi/…` is /api too. The relay's own origin is never taken from the
// Host header alone (DNS rebinding: a foreign name resolving to the relay carries its own Host and Origin): it is one
// of the configured public origins, or, when none is configured, a loopback name of the listening port with the
// listening scheme. Headers: nosniff, no referrer, HSTS over https, and a locked-down CSP on API answers only. No
// X-Frame-Options and no frame-ancestors anywhere: Excel on the web shows the add-in's pages in an iframe from several
// Microsoft domains, and API answers (JSON) are never framed anyway.
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { RelayHttpError } from "./relay-error";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

export interface SecurityOptions {
  allowedOrigins: readonly string[];
  publicOrigins?: readonly string[];
}

/** The request path as the router matches it: absolute-form reduced to its path, percent-escapes decoded. */
export function routedPath(rawUrl: string): string {
  let path = rawUrl;
  if (!path.startsWith("/")) {
    try {
      path = new URL(path).pathname;
    } catch {
      return path;
    }
  }
  const query = path.indexOf("?");
  if (query !== -1) path = path.slice(0, query);
  if (!path.includes("%")) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    // Broken escapes: decode what can be decoded, so no spelling of "/api" slips through.
    return path.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

export function originPolicy(options: SecurityOptions) {
  const fixed = new Set([...options.allowedOrigins, ...(options.publicOrigins ?? [])]);
  const fromListener = !options.publicOrigins || options.publicOrigins.length === 0;
  const loopback = new Map<string, boolean>();
  return (origin: string, request: FastifyRequest): boolean => {
    if (fixed.has(origin)) return true;
    if (!fromListener) return false;
    let known = loopback.get(origin);
    if (known === undefined) {
      // Only the loopback names of the listening port and scheme (local development); computed once per origin.
      const port = request.socket.localPort;
      const scheme = request.socket && "encrypted" in request.socket ? "https" : "http";
      known = LOOPBACK_NAMES.some((name) => origin === `${scheme}://${name}:${port}`);
      if (loopback.size < 16) loopback.set(origin, known);
    }
    return known;
  };
}

export const security = fp<SecurityOptions>(
  async (app: FastifyInstance, options) => {
    const allowed = originPolicy(options);
    const api = new WeakMap<FastifyRequest, boolean>();
    const isApi = (request: FastifyRequest) => {
      let value = api.get(request);
      if (value === undefined) {
        value = isApiPath(routedPath(request.raw.url ?? "/"));
        api.set(request, value);
      }
      return value;
    };
    app.addHook("onRequest", async (request, reply) => {
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
      if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000");
      if (!isApi(request)) return;
      reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
      const origin = request.headers.origin;
      if (origin !== undefined && !allowed(origin, request)) {
        throw new RelayHttpError(
          403,
          "origin_not_allowed",
          `This relay does not accept calls from the web page at ${JSON.stringify(origin)}. Add that origin to "allowedOrigins" (or RELAY_ALLOWED_ORIGINS) in the relay configuration; for the add-in this relay serves itself, set "publicOrigins" (RELAY_PUBLIC_ORIGINS) to the relay's public https address.`,
        );
      }
    });
    // Built once: the delegator runs on every request.
    const corsOptions = (origin: boolean) => ({
      origin,
      methods: ["GET", "POST"],
      allowedHeaders: ["Authorization", "Content-Type", "X-Correlation-Id", "Idempotency-Key"],
      exposedHeaders: ["X-Correlation-Id", "Retry-After", "X-Request-Id"],
      maxAge: 600,
      credentials: false,
    });
    const allowing = corsOptions(true);
    const refusing = corsOptions(false);
    await app.register(cors, {
      hook: "onRequest",
      delegator: (request, callback) => {
        const origin = request.headers.origin;
        const ok = typeof origin === "string" && isApi(request) && allowed(origin, request);
        callback(null, ok ? allowing : refusing);
      },
    });
  },
  { name: "relay-security" },
);
