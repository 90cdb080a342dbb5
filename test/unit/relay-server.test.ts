// The relay's own answers, through Fastify's inject(): no upstream is called in any of these.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { PassThrough } from "node:stream";
import { buildRelay } from "../../src/relay/server";
import type { RelayConfig } from "../../src/relay/config";

const config: RelayConfig = {
  environments: [
    {
      id: "sandpit",
      label: "Sandpit",
      production: false,
      tokenUrl: "http://127.0.0.1:9/t/oauth2/v2.0/token",
      dataApiUrl: "http://127.0.0.1:9/api",
    },
    {
      id: "live",
      label: "Live",
      production: true,
      tokenUrl: "http://127.0.0.1:9/t/oauth2/v2.0/token",
      dataApiUrl: "http://127.0.0.1:9/api",
    },
  ],
  allowedOrigins: ["https://addin.example.com"],
};

describe("relay answers of its own", () => {
  let app: FastifyInstance;
  let proxied: FastifyInstance;
  let published: FastifyInstance;
  const quiet = () => new PassThrough().resume();

  before(async () => {
    app = await buildRelay({ config, logStream: quiet() });
    proxied = await buildRelay({ config: { ...config, trustProxy: true }, logStream: quiet() });
    published = await buildRelay({
      config: { ...config, publicOrigins: ["https://relay.example.com"] },
      logStream: quiet(),
    });
  });
  after(async () => {
    await app.close();
    await proxied.close();
    await published.close();
  });

  test("environments list exactly id, label and production", async () => {
    const reply = await app.inject({ method: "GET", url: "/api/environments" });
    assert.deepEqual(reply.json(), [
      { id: "sandpit", label: "Sandpit", production: false },
      { id: "live", label: "Live", production: true },
    ]);
  });

  test("security headers: nosniff, no referrer, a locked CSP on the API, never X-Frame-Options", async () => {
    const reply = await app.inject({ method: "GET", url: "/api/environments" });
    assert.equal(reply.headers["x-content-type-options"], "nosniff");
    assert.equal(reply.headers["referrer-policy"], "no-referrer");
    assert.equal(reply.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(reply.headers["x-frame-options"], undefined);
    assert.equal(reply.headers["strict-transport-security"], undefined);
    assert.match(String(reply.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
  });

  test("CORS: an allowed origin's preflight gets the fixed methods, headers and max-age; a half preflight is refused", async () => {
    const origin = "https://addin.example.com";
    const preflight = await app.inject({
      method: "OPTIONS",
      url: "/api/data/sandpit/price",
      headers: { origin, "access-control-request-method": "GET" },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], origin);
    assert.equal(preflight.headers["access-control-allow-methods"], "GET, POST");
    assert.equal(
      preflight.headers["access-control-allow-headers"],
      "Authorization, Content-Type, X-Correlation-Id, Idempotency-Key",
    );
    assert.equal(preflight.headers["access-control-max-age"], "600");
    assert.equal(preflight.headers["access-control-allow-credentials"], undefined);
    assert.match(String(preflight.headers.vary), /\bOrigin\b/);
    const half = await app.inject({ method: "OPTIONS", url: "/api/token", headers: { origin } });
    assert.equal(half.statusCode, 400);
    const simple = await app.inject({ method: "GET", url: "/api/environments", headers: { origin } });
    assert.equal(simple.headers["access-control-allow-origin"], origin);
    assert.equal(simple.headers["access-control-expose-headers"], "X-Correlation-Id, Retry-After, X-Request-Id");
    assert.equal(simple.headers["access-control-allow-methods"], undefined);
    const plain = await app.inject({ method: "GET", url: "/api/environments" });
    assert.equal(plain.headers["access-control-allow-origin"], undefined);
    assert.match(String(plain.headers.vary), /\bOrigin\b/);
  });

  test("HSTS is sent behind a trusted TLS-terminating proxy, not when the proxy is not trusted", async () => {
    const headers = { "x-forwarded-proto": "https" };
    const trusted = await proxied.inject({ method: "GET", url: "/healthz", headers });
    assert.equal(trusted.headers["strict-transport-security"], "max-age=31536000");
    const untrusted = await app.inject({ method: "GET", url: "/healthz", headers });
    assert.equal(untrusted.headers["strict-transport-security"], undefined);
  });

  test("the relay's own origin is its configured public origin, never the Host header's; null and foreign origins are not", async () => {
    const hostOnly = await app.inject({
      method: "GET",
      url: "/api/environments",
      headers: { host: "relay.example.com", origin: "https://relay.example.com" },
    });
    // DNS rebinding: a foreign name pointed at the relay sends a matching Host and Origin of its own.
    assert.equal(hostOnly.statusCode, 403);
    const same = await published.inject({
      method: "GET",
      url: "/api/environments",
      headers: { host: "relay.example.com", origin: "https://relay.example.com" },
    });
    assert.equal(same.statusCode, 200);
    for (const origin of [
      "null",
      "https://relay.example.com.evil.example",
      "https://addin.example.com:444",
      "http://relay.example.com",
      "https://relay.example.com:8443",
    ]) {
      const reply = await published.inject({
        method: "GET",
        url: "/api/environments",
        headers: { host: "relay.example.com", origin },
      });
      assert.equal(reply.statusCode, 403, origin);
    }
  });

  test("unknown routes, methods and bodies get the relay's JSON error shape", async () => {
    const missing = await app.inject({ method: "GET", url: "/api/nothing?secret=1" });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys(missing.json()), ["error", "message"]);
    assert.doesNotMatch(missing.json().message, /secret=1/);
    const text = await app.inject({
      method: "POST",
      url: "/api/token",
      headers: { "content-type": "text/plain" },
      payload: "x",
    });
    assert.equal(text.statusCode, 400);
    assert.equal(text.json().error, "invalid_request");
    const form = await app.inject({
      method: "POST",
      url: "/api/token",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "a=b",
    });
    assert.equal(form.statusCode, 415);
    assert.equal(form.json().error, "unsupported_media_type");
  });

  test("a token request for an environment id in another case finds it", async () => {
    const reply = await app.inject({
      method: "POST",
      url: "/api/token",
      payload: { environment: "SANDPIT", clientId: "c", clientSecret: "s", scope: "x" },
    });
    // Port 9 refuses: the environment was found and the token endpoint tried.
    assert.equal(reply.statusCode, 502);
    assert.equal(reply.json().error, "token_endpoint_unreachable");
  });

  test("a configuration file path is loaded and validated", async () => {
    await assert.rejects(
      buildRelay({ config: "src/relay/config/kalibrate.json" }),
      /"production": "tokenUrl" is still a placeholder/,
    );
  });
});
