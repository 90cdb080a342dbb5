// The relay in front of the real sandbox (the local Data API and its Azure-AD-like token endpoint), over loopback
// HTTP: token success and failures, caching and single flight, forwarding, compression, refused paths, CORS, the
// failed-attempt limit, timeouts and upstream errors, static files, two instances, and a log free of secrets.
// Upstream calls are counted with the sandbox's own request log (/_sandbox/requests).
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { startSandbox } from "../../src/sandbox/server";
import { startRelay, type RelayOptions, type RunningRelay } from "../../src/relay/server";
import type { RelayConfig } from "../../src/relay/config";
import { json, request as call, type Reply } from "../support/raw-http";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ALLOWED_ORIGIN = "https://addin.example.com";

describe("relay in front of the sandbox", () => {
  let sandbox: Sandbox;
  let relay: RunningRelay;
  let config: RelayConfig;
  let staticDir: string;
  let logs = "";
  const extraRelays: RunningRelay[] = [];
  const secretsSeen = new Set<string>();

  function reader() {
    const client = sandbox.config.clients[0];
    secretsSeen.add(client.clientSecret);
    return client;
  }

  function tokenBody(overrides: Record<string, string> = {}) {
    const client = reader();
    return JSON.stringify({
      environment: "sandbox",
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scope: client.scopes[0],
      ...overrides,
    });
  }

  async function token(base: string, overrides: Record<string, string> = {}): Promise<Reply> {
    return call(base, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: tokenBody(overrides),
    });
  }

  async function accessToken(base = relay.url): Promise<string> {
    const reply = await token(base);
    assert.equal(reply.status, 200, reply.body.toString("utf8"));
    const value = String(json(reply).accessToken);
    secretsSeen.add(value);
    return value;
  }

  async function upstreamRequests(): Promise<Array<{ method: string; url: string; status?: number }>> {
    const response = await fetch(`${sandbox.url}/_sandbox/requests`);
    return (await response.json()) as Array<{ method: string; url: string; status?: number }>;
  }

  async function tokenCalls(): Promise<number> {
    const tokenPath = new URL(sandbox.tokenUrl).pathname;
    return (await upstreamRequests()).filter((request) => request.url.startsWith(tokenPath)).length;
  }

  async function fault(spec: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(spec),
    });
    assert.ok(response.ok, `fault not accepted: ${response.status} ${await response.text()}`);
  }

  async function extraRelay(options: Partial<RelayOptions> = {}): Promise<RunningRelay> {
    const started = await startRelay({ config, port: 0, logStream: new PassThrough().resume(), ...options });
    extraRelays.push(started);
    return started;
  }

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    config = {
      environments: [
        {
          id: "sandbox",
          label: "Local sandbox",
          production: false,
          tokenUrl: sandbox.tokenUrl,
          dataApiUrl: sandbox.apiUrl,
        },
      ],
      allowedOrigins: [ALLOWED_ORIGIN],
    };
    staticDir = mkdtempSync(path.join(tmpdir(), "relay-static-"));
    writeFileSync(path.join(staticDir, "taskpane.html"), "<!doctype html><title>Kalibrate</title>");
    writeFileSync(path.join(staticDir, "functions.json"), '{"functions":[]}');
    writeFileSync(path.join(staticDir, "vendor.0123456789ab.js"), `var vendor = [${'"module",'.repeat(4000)}];`);
    mkdirSync(path.join(staticDir, "assets"));
    writeFileSync(path.join(staticDir, "assets", "icon-32.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const logStream = new PassThrough();
    logStream.on("data", (chunk: Buffer) => (logs += chunk.toString("utf8")));
    relay = await startRelay({ config, port: 0, staticDir, logStream });
  });

  after(async () => {
    for (const extra of extraRelays) await extra.close();
    await relay?.close();
    await sandbox?.close();
  });

  beforeEach(async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
  });

  test("GET /api/environments lists id, label and production only", async () => {
    const reply = await call(relay.url, "/api/environments");
    assert.equal(reply.status, 200);
    assert.deepEqual(json(reply), [{ id: "sandbox", label: "Local sandbox", production: false }]);
  });

  test("a token from the sandbox's token endpoint, usable for a Data API call through the relay", async () => {
    const reply = await token(relay.url);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["cache-control"], "no-store");
    const body = json(reply);
    secretsSeen.add(String(body.accessToken));
    assert.equal(body.tokenType, "Bearer");
    assert.ok(Number(body.expiresIn) > 3000 && Number(body.expiresIn) <= 3600);
    assert.ok(!Number.isNaN(Date.parse(String(body.expiresOn))));
    assert.match(String(body.expiresOn), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const data = await call(relay.url, "/api/data/sandbox/status", {
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    assert.equal(data.status, 200, data.body.toString("utf8"));
  });

  test("a wrong secret is 401 invalid_client with AAD's sentence cleaned and advice added", async () => {
    secretsSeen.add("definitely-wrong-secret");
    const reply = await token(relay.url, { clientSecret: "definitely-wrong-secret" });
    assert.equal(reply.status, 401);
    const body = json(reply);
    assert.equal(body.error, "invalid_client");
    assert.doesNotMatch(String(body.message), /AADSTS\d+|Trace ID|Correlation ID|Timestamp/);
    assert.match(String(body.message), /Check the client secret/);
  });

  test("a scope naming an unknown resource is 400 invalid_resource; an unknown client id is 401 unauthorized_client", async () => {
    const scope = await token(relay.url, { scope: "api://not-issued/.default" });
    assert.equal(scope.status, 400);
    assert.equal(json(scope).error, "invalid_resource");
    assert.match(String(json(scope).message), /Check the scope/);
    const unknown = await token(relay.url, { clientId: "00000000-0000-0000-0000-000000000000" });
    assert.equal(unknown.status, 401);
    assert.equal(json(unknown).error, "unauthorized_client");
    assert.match(String(json(unknown).message), /Check the client id/);
  });

  test("a malformed token request is answered 400/404/413 without calling the token endpoint", async () => {
    const before = await tokenCalls();
    const missing = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ environment: "sandbox", clientId: "x", scope: "y" }),
    });
    assert.equal(missing.status, 400);
    assert.match(String(json(missing).message), /"clientSecret" is missing/);
    const environment = await token(relay.url, { environment: "moon" });
    assert.equal(environment.status, 400);
    assert.equal(json(environment).error, "unknown_environment");
    assert.match(String(json(environment).message), /Pick one of: sandbox/);
    const huge = await token(relay.url, { clientSecret: "x".repeat(9000) });
    assert.equal(huge.status, 413);
    const broken = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"clientSecret": not-json-secret}',
    });
    assert.equal(broken.status, 400);
    assert.doesNotMatch(broken.body.toString("utf8"), /not-json-secret/);
    assert.equal(await tokenCalls(), before);
  });

  test("tokens are cached: the same request again costs no token call, another secret or scope does", async () => {
    const fresh = await extraRelay();
    const before = await tokenCalls();
    const first = json(await token(fresh.url));
    const second = json(await token(fresh.url));
    assert.equal(second.accessToken, first.accessToken);
    assert.equal(await tokenCalls(), before + 1);
    secretsSeen.add("another-secret");
    const otherSecret = await token(fresh.url, { clientSecret: "another-secret" });
    assert.equal(otherSecret.status, 401);
    assert.equal(json(otherSecret).accessToken, undefined);
    const otherScope = await token(fresh.url, { scope: "api://other/.default" });
    assert.notEqual(otherScope.status, 200);
    assert.equal(await tokenCalls(), before + 3);
  });

  test("concurrent identical token requests share one token call (single flight)", async () => {
    const fresh = await extraRelay();
    const before = await tokenCalls();
    const replies = await Promise.all(Array.from({ length: 25 }, () => token(fresh.url)));
    assert.ok(replies.every((reply) => reply.status === 200));
    assert.equal(new Set(replies.map((reply) => json(reply).accessToken)).size, 1);
    assert.equal(await tokenCalls(), before + 1);
  });

  test("a query is forwarded with its + separators intact and answered with the sandbox's documents", async () => {
    const bearer = await accessToken();
    const query = "query=(entityVariant=Own)+(limit=5)";
    const reply = await call(relay.url, `/api/data/sandbox/Price?${query}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(reply.status, 200, reply.body.toString("utf8"));
    const documents = JSON.parse(reply.body.toString("utf8")) as Array<{ id: { entityVariant: string } }>;
    assert.equal(documents.length, 5);
    assert.ok(documents.every((document) => document.id.entityVariant === "Own"));
    const seen = (await upstreamRequests()).filter((request) => request.url.includes("/price?"));
    assert.ok(seen.at(-1)?.url.endsWith(`/price?${query}`), `sandbox saw ${seen.at(-1)?.url}`);
    const brands = await call(relay.url, "/api/data/sandbox/reference/brand?query=(limit=0)", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(brands.status, 200);
    assert.ok(Array.isArray(JSON.parse(brands.body.toString("utf8"))));
  });

  test("answers are compressed (gzip, brotli) for callers that accept it", async () => {
    const bearer = await accessToken();
    const target = "/api/data/sandbox/product?query=(entityVariant=Own)+(limit=50)";
    const plain = await call(relay.url, target, { headers: { authorization: `Bearer ${bearer}` } });
    const gzip = await call(relay.url, target, {
      headers: { authorization: `Bearer ${bearer}`, "accept-encoding": "gzip" },
    });
    const br = await call(relay.url, target, {
      headers: { authorization: `Bearer ${bearer}`, "accept-encoding": "br, gzip" },
    });
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.equal(br.headers["content-encoding"], "br");
    assert.deepEqual(JSON.parse(gunzipSync(gzip.body).toString("utf8")), JSON.parse(plain.body.toString("utf8")));
    assert.deepEqual(
      JSON.parse(brotliDecompressSync(br.body).toString("utf8")),
      JSON.parse(plain.body.toString("utf8")),
    );
    assert.ok(gzip.body.length < plain.body.length / 2);
  });

  test("every refused path form is 404 and never reaches the sandbox", async () => {
    const bearer = await accessToken();
    const before = (await upstreamRequests()).length;
    const refused = [
      "/api/data/sandbox/prices",
      "/api/data/sandbox/reference%2Fbrand",
      "/api/data/sandbox/reference%2fbrand",
      "/api/data/sandbox/price%5C..%5Cstatus",
      "/api/data/sandbox/reference/../status",
      "/api/data/sandbox/..%2F..%2Fadmin",
      "/api/data/sandbox/@127.0.0.1/price",
      "/api/data/sandbox/reference\\brand",
      "/api/data/sandbox//price",
      "/api/data/sandbox/http://127.0.0.1:9/price",
      "http://127.0.0.1:9/api/data/sandbox/price",
      "/api/data/sandbox/reference/brand1",
      "/api/data/sandbox/import/ownPrice",
      "/api/data/moon/price",
    ];
    for (const target of refused) {
      const reply = await call(relay.url, target, { headers: { authorization: `Bearer ${bearer}` } });
      assert.equal(reply.status, 404, `${target} answered ${reply.status}`);
      assert.match(String(json(reply).error), /^(not_forwarded|unknown_environment|not_found)$/, target);
    }
    const post = await call(relay.url, "/api/data/sandbox/price", {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: "[]",
    });
    assert.equal(post.status, 404);
    assert.equal((await upstreamRequests()).length, before);
  });

  test("CORS: the configured origin is allowed (preflight included), any other is refused", async () => {
    const preflight = await call(relay.url, "/api/token", {
      method: "OPTIONS",
      headers: {
        origin: ALLOWED_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], ALLOWED_ORIGIN);
    assert.match(String(preflight.headers["access-control-allow-headers"]), /Authorization/);
    const allowed = await call(relay.url, "/api/environments", { headers: { origin: ALLOWED_ORIGIN } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers["access-control-allow-origin"], ALLOWED_ORIGIN);
    assert.match(String(allowed.headers["access-control-expose-headers"]), /Retry-After/);

    const before = await tokenCalls();
    const foreignPreflight = await call(relay.url, "/api/token", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(foreignPreflight.status, 403);
    assert.equal(foreignPreflight.headers["access-control-allow-origin"], undefined);
    const foreign = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: tokenBody(),
    });
    assert.equal(foreign.status, 403);
    assert.equal(json(foreign).error, "origin_not_allowed");
    assert.equal(foreign.headers["access-control-allow-origin"], undefined);
    assert.equal(await tokenCalls(), before);
  });

  test("after 10 failed token attempts for a client id within a minute, the next gets 429 without a token call", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const limited = await extraRelay({ now: () => now });
    const client = reader();
    secretsSeen.add("guess");
    const guess = (secret: string) => token(limited.url, { clientSecret: secret });
    for (let i = 0; i < 10; i++) {
      const reply = await guess(`guess-${i}`);
      assert.equal(reply.status, 401);
      now += 1000;
    }
    const before = await tokenCalls();
    const blocked = await guess("guess-10");
    assert.equal(blocked.status, 429);
    assert.equal(json(blocked).error, "too_many_failed_attempts");
    assert.equal(blocked.headers["retry-after"], "50");
    // Even the right secret waits: otherwise a guesser could keep testing secrets against the cache.
    const right = await token(limited.url);
    assert.equal(right.status, 429);
    const otherCase = await token(limited.url, { clientId: client.clientId.toUpperCase(), clientSecret: "guess-x" });
    assert.equal(otherCase.status, 429);
    assert.equal(await tokenCalls(), before);
    const otherClient = await token(limited.url, { clientId: `${client.clientId}-other`, clientSecret: "guess" });
    assert.equal(otherClient.status, 401);
    now += 50_000;
    const later = await token(limited.url);
    assert.equal(later.status, 200);
  });

  test("a Data API slower than the timeout is 504; a dropped connection is 502", async () => {
    const bearer = await accessToken();
    const impatient = await extraRelay({ upstreamTimeoutMs: 300 });
    await fault({ path: "/api/price", kind: "latency", latencyMs: 2000, times: 1 });
    const slow = await call(impatient.url, "/api/data/sandbox/price?query=(limit=1)", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(slow.status, 504);
    assert.equal(json(slow).error, "upstream_timeout");
    // Two drops: a read that fails on a kept-alive socket is retried once on a fresh one.
    await fault({ path: "/api/site", kind: "drop", times: 2 });
    const dropped = await call(relay.url, "/api/data/sandbox/site?query=(limit=1)", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(dropped.status, 502);
    assert.equal(json(dropped).error, "upstream_unreachable");
  });

  test("an answer cut off upstream is cut off for the caller too, never completed as if whole", async () => {
    const bearer = await accessToken();
    const productLines = () =>
      logs
        .trim()
        .split("\n")
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .filter((entry) => entry.upstreamPath === "/product");
    const before = productLines().length;
    await fault({ path: "/api/product", kind: "truncate", times: 1 });
    const outcome = await call(relay.url, "/api/data/sandbox/product?query=(limit=20)", {
      headers: { authorization: `Bearer ${bearer}` },
    }).then(
      (reply) => ({ failed: false, reply }),
      () => ({ failed: true, reply: undefined }),
    );
    if (!outcome.failed) {
      assert.throws(() => JSON.parse(outcome.reply!.body.toString("utf8")));
    }
    // The log line is written when the relay's side of the connection closes, which may follow the caller's error.
    for (let i = 0; i < 100 && productLines().length === before; i++) await new Promise((r) => setTimeout(r, 20));
    const line = productLines().at(-1);
    assert.equal(productLines().length, before + 1);
    assert.equal(line?.aborted, true, JSON.stringify(line));
  });

  test("upstream 429 and 5xx come back with their status and Retry-After", async () => {
    const bearer = await accessToken();
    await fault({ path: "/api/price", kind: "status", status: 429, retryAfter: 2, times: 1 });
    const throttled = await call(relay.url, "/api/data/sandbox/price?query=(limit=1)", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers["retry-after"], "2");
    await fault({ path: "/api/price", kind: "status", status: 503, retryAfter: 5, times: 1 });
    const unavailable = await call(relay.url, "/api/data/sandbox/price?query=(limit=1)", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers["retry-after"], "5");
    const recovered = await call(relay.url, "/api/data/sandbox/price?query=(limit=1)", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(recovered.status, 200);
  });

  test("imports go through with ReadWrite credentials and their operation status can be read back", async () => {
    const writer = sandbox.config.clients.find((client) => client.rights === "ReadWrite");
    assert.ok(writer, "the sandbox has a ReadWrite client");
    secretsSeen.add(writer.clientSecret);
    const writerToken = await token(relay.url, {
      clientId: writer.clientId,
      clientSecret: writer.clientSecret,
      scope: writer.scopes[0],
    });
    assert.equal(writerToken.status, 200);
    const bearer = String(json(writerToken).accessToken);
    secretsSeen.add(bearer);
    const records = [{ siteID: "NOPE-1", productCode: "UNL", effectiveTime: "2026-01-01T00:00:00Z", price: 1.459 }];
    const submitted = await call(relay.url, "/api/data/sandbox/import/ownPrice", {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify(records),
    });
    assert.equal(submitted.status, 202, submitted.body.toString("utf8"));
    const operationId = String(json(submitted).operationId);
    const status = await call(relay.url, `/api/data/sandbox/import/operations/${operationId}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(status.status, 200);
    assert.equal(json(status).operationId, operationId);
    const readOnly = await call(relay.url, "/api/data/sandbox/import/ownPrice", {
      method: "POST",
      headers: { authorization: `Bearer ${await accessToken()}`, "content-type": "application/json" },
      body: JSON.stringify(records),
    });
    assert.equal(readOnly.status, 403);
  });

  test("an expired or forged bearer token is the sandbox's 401, passed through", async () => {
    const reply = await call(relay.url, "/api/data/sandbox/price", {
      headers: { authorization: "Bearer forged.token.value" },
    });
    assert.equal(reply.status, 401);
  });

  test("the add-in's files are served with no-cache beside the API, which keeps precedence", async () => {
    const page = await call(relay.url, "/taskpane.html");
    assert.equal(page.status, 200);
    assert.equal(page.body.toString("utf8"), "<!doctype html><title>Kalibrate</title>");
    assert.equal(page.headers["cache-control"], "no-cache");
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.equal(page.headers["x-frame-options"], undefined);
    assert.equal(page.headers["content-security-policy"], undefined);
    assert.equal(page.headers["x-content-type-options"], "nosniff");
    const functions = await call(relay.url, "/functions.json");
    assert.equal(functions.headers["cache-control"], "no-cache");
    const icon = await call(relay.url, "/assets/icon-32.png");
    assert.equal(icon.status, 200);
    assert.equal(icon.headers["content-type"], "image/png");
    const revalidated = await call(relay.url, "/taskpane.html", {
      headers: { "if-none-match": String(page.headers.etag) },
    });
    assert.equal(revalidated.status, 304);
    const environments = await call(relay.url, "/api/environments");
    assert.ok(Array.isArray(JSON.parse(environments.body.toString("utf8"))));
    const missing = await call(relay.url, "/nothing-here.js");
    assert.equal(missing.status, 404);
    const outside = await call(relay.url, "/../package.json");
    assert.ok([403, 404].includes(outside.status));
    const health = await call(relay.url, "/healthz");
    assert.deepEqual(json(health), { status: "ok" });
  });

  test("the add-in's scripts are compressed for a browser that accepts it, and served whole to one that does not", async () => {
    const original = readFileSync(path.join(staticDir, "vendor.0123456789ab.js"));
    const br = await call(relay.url, "/vendor.0123456789ab.js", {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    assert.equal(br.status, 200);
    assert.equal(br.headers["content-encoding"], "br");
    assert.ok(br.body.length < original.length / 10, `${br.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), original);
    assert.equal(br.headers["cache-control"], "public, max-age=31536000, immutable");
    const plain = await call(relay.url, "/vendor.0123456789ab.js");
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.deepEqual(plain.body, original);
  });

  test("two relay instances behind one sandbox serve alternating requests alike", async () => {
    const second = await extraRelay();
    const instances = [relay, second];
    const bearer = await accessToken(second.url);
    const bodies = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const instance = instances[i % 2];
      const reply = await call(
        instance.url,
        "/api/data/sandbox/site?query=(entityVariant=Own)+(orderBy=createdOn)+(limit=3)",
        {
          headers: { authorization: `Bearer ${bearer}` },
        },
      );
      assert.equal(reply.status, 200, `instance ${i % 2}: ${reply.body.toString("utf8")}`);
      bodies.add(reply.body.toString("utf8"));
      const tokenReply = await token(instance.url);
      assert.equal(tokenReply.status, 200);
      secretsSeen.add(String(json(tokenReply).accessToken));
    }
    // Same query, same answer whichever instance served it: nothing depends on the instance.
    assert.equal(bodies.size, 1);
  });

  test("the log has one JSON line per request and never a client secret, a token or an Authorization header", async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const lines = logs
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.msg === "request");
    assert.ok(requests.length >= 20);
    for (const line of requests) {
      assert.equal(typeof line.reqId, "string");
      assert.equal(typeof line.method, "string");
      assert.equal(typeof line.status, "number");
      assert.equal(typeof line.durationMs, "number");
      assert.equal(typeof line.route, "string");
    }
    assert.ok(requests.some((line) => line.route === "/api/token" && line.environment === "sandbox"));
    assert.ok(requests.some((line) => line.route === "/api/data/:environment/*" && line.environment === "sandbox"));
    assert.equal(new Set(requests.map((line) => line.reqId)).size, requests.length);
    assert.ok(secretsSeen.size >= 3);
    for (const secret of secretsSeen) assert.ok(!logs.includes(secret), "a secret or token was logged");
    assert.doesNotMatch(logs, /Bearer|authorization|client_secret|clientSecret/i);
  });
});
