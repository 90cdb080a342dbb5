// Browser-facing protections. CORS: only the configured origins and the relay's own public origins may call /api; a
// call or preflight from any other origin is refused with 403 before it reaches a route, so a foreign page cannot
// even use the relay to test credentials. "/api" is judged on the path as the router sees it (percent-decoded, the
// path of an absolute-form request line), so `/%61pi/…` is /api too. The relay's own origin is never taken from the
// Host header alone (DNS rebinding: a foreign name resolving to the relay carries its own Host and Origin): it is one
// of the configured public origins, or, when none is configured, a loopback name of the listening port with the
// listening scheme. Headers: nosniff, no referrer, HSTS over https, and a locked-down CSP on API answers only. No
// X-Frame-Options and no frame-ancestors anywhere: Excel on the web shows the add-in's pages in an iframe from several
// Microsoft domains, and API answers (JSON) are never framed anyway.
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

// CORS answers are the same for every allowed origin but the origin itself: computed once here rather than by
// @fastify/cors's delegator, which rebuilt its options (three object spreads) on every request.
const EXPOSED_HEADERS = "X-Correlation-Id, Retry-After, X-Request-Id";
const ALLOWED_METHODS = "GET, POST";
const ALLOWED_HEADERS = "Authorization, Content-Type, X-Correlation-Id, Idempotency-Key";
const PREFLIGHT_MAX_AGE = "600";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const security = fp<SecurityOptions>(
  async (app: FastifyInstance, options) => {
    const allowed = originPolicy(options);
    app.addHook("onRequest", (request, reply, done) => {
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
      // Answers differ by Origin (allowed or not), so caches must key on it.
      reply.header("vary", "Origin");
      if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000");
      if (!isApiPath(routedPath(request.raw.url ?? "/"))) return done();
      reply.header("content-security-policy", API_CSP);
      const origin = request.headers.origin;
      if (origin === undefined) return done();
      if (!allowed(origin, request)) {
        return done(
          new RelayHttpError(
            403,
            "origin_not_allowed",
            `This relay does not accept calls from the web page at ${JSON.stringify(origin)}. Add that origin to "allowedOrigins" (or RELAY_ALLOWED_ORIGINS) in the relay configuration; for the add-in this relay serves itself, set "publicOrigins" (RELAY_PUBLIC_ORIGINS) to the relay's public https address.`,
          ),
        );
      }
      reply.header("access-control-allow-origin", origin);
      reply.header("access-control-expose-headers", EXPOSED_HEADERS);
      if (request.method !== "OPTIONS") return done();
      // A preflight: answered here, before any route (no cookies: no Allow-Credentials).
      if (!request.headers["access-control-request-method"]) {
        reply.code(400).type("text/plain").send("Invalid Preflight Request");
        return;
      }
      reply
        .header("access-control-allow-methods", ALLOWED_METHODS)
        .header("access-control-allow-headers", ALLOWED_HEADERS)
        .header("access-control-max-age", PREFLIGHT_MAX_AGE)
        .header("content-length", "0")
        .code(204)
        .send();
    });
  },
  { name: "relay-security" },
);
