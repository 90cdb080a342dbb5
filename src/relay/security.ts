// Browser-facing protections. CORS: only the configured origins (and the relay's own origin, when it also serves the
// add-in) may call /api; a call or preflight from any other origin is refused with 403 before it reaches a route, so
// a foreign page cannot even use the relay to test credentials. Headers: nosniff, no referrer, HSTS over https, and a
// locked-down CSP on API answers only. No X-Frame-Options and no frame-ancestors anywhere: Excel on the web shows the
// add-in's pages in an iframe from several Microsoft domains, and API answers (JSON) are never framed anyway.
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { RelayHttpError } from "./relay-error";

export function originAllowed(origin: string, request: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(origin)) return true;
  try {
    // Same origin: the add-in served by this relay calling its own /api.
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

function isApi(url: string): boolean {
  return url === "/api" || url.startsWith("/api/") || url.startsWith("/api?");
}

export async function registerSecurity(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  const allowed = new Set(allowedOrigins);
  app.addHook("onRequest", async (request, reply) => {
    const api = isApi(request.url);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000");
    if (!api) return;
    reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, request, allowed)) {
      throw new RelayHttpError(
        403,
        "origin_not_allowed",
        `This relay does not accept calls from the web page at ${JSON.stringify(origin)}. Add that origin to "allowedOrigins" (or RELAY_ALLOWED_ORIGINS) in the relay configuration.`,
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
      const ok = typeof origin === "string" && isApi(request.url) && originAllowed(origin, request, allowed);
      callback(null, ok ? allowing : refusing);
    },
  });
}
