import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DataApiClient, DataApiError, type DataApiClientOptions } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";

const RELAY = "http://relay.test";
const NOW = Date.parse("2024-05-01T12:00:00Z");

type Step = number | (() => Response) | "network";

/** Data requests are answered by the script in order (a status, a response, or a network error), then with []. */
function fakeRelay(script: Step[]) {
  const requests: Array<{ url: string; method: string; authorization?: string; body?: string }> = [];
  let tokens = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith("/api/token")) {
      tokens += 1;
      return Response.json({ accessToken: `token-${tokens}`, expiresIn: 3600 });
    }
    const headers = (init?.headers ?? {}) as Record<string, string>;
    requests.push({
      url,
      method: init?.method ?? "GET",
      authorization: headers.authorization,
      body: init?.body as string,
    });
    const step = script.shift();
    if (step === undefined) return Response.json([], { headers: { "x-correlation-id": "ok-corr" } });
    if (step === "network") throw new TypeError("fetch failed");
    if (typeof step === "number") {
      return Response.json(
        { error: "e", message: `Status ${step}` },
        { status: step, headers: { "x-correlation-id": `corr-${step}` } },
      );
    }
    return step();
  }) as typeof globalThis.fetch;
  return { fetch, requests, tokensIssued: () => tokens };
}

const withHeaders =
  (status: number, headers: Record<string, string>, body: unknown = { error: "e", message: "m" }) =>
  () =>
    Response.json(body, { status, headers });

async function setup(script: Step[], options: Partial<DataApiClientOptions> = {}) {
  const relay = fakeRelay(script);
  const delays: number[] = [];
  const requestLog: Array<{ status: number; attempt: number }> = [];
  const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: () => NOW });
  await tokens.connect({ environment: "sandpit", clientId: "client-9", clientSecret: "s", scope: "api://x/.default" });
  const api = new DataApiClient({
    relayUrl: RELAY,
    tokens,
    environment: () => "sandpit",
    fetch: relay.fetch,
    now: () => NOW,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onRequest: ({ status, attempt }) => requestLog.push({ status, attempt }),
    ...options,
  });
  return { api, relay, delays, requestLog };
}

async function failure(promise: Promise<unknown>): Promise<DataApiError> {
  const error = await promise.then(
    () => assert.fail("expected a failure"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DataApiError, `a DataApiError, got ${String(error)}`);
  return error;
}

describe("DataApiClient retries and errors", () => {
  it("waits exactly Retry-After seconds on 429, then succeeds", async () => {
    const { api, relay, delays, requestLog } = await setup([withHeaders(429, { "retry-after": "2" })]);
    const result = await api.query("Price", "(limit=1)");
    assert.deepEqual(delays, [2000]);
    assert.equal(relay.requests.length, 2);
    assert.equal(result.requests, 2);
    assert.deepEqual(requestLog, [
      { status: 429, attempt: 1 },
      { status: 200, attempt: 2 },
    ]);
  });

  it("reads Retry-After as an HTTP date", async () => {
    const at = new Date(NOW + 7000).toUTCString();
    const { api, delays } = await setup([withHeaders(503, { "retry-after": at })]);
    await api.query("Price", "(limit=1)");
    assert.deepEqual(delays, [7000]);
  });

  it("backs off exponentially with jitter on 500/502/503/504 and gives up after `retries`", async () => {
    const { api, relay, delays } = await setup([500, 502, 503, 504, 500], { retries: 4 });
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.equal(relay.requests.length, 5);
    assert.equal(delays.length, 4);
    delays.forEach((delay, i) => {
      const ceiling = 500 * 2 ** i;
      assert.ok(
        delay >= ceiling / 2 && delay <= ceiling,
        `retry ${i + 1} waited ${delay} ms, outside ${ceiling / 2}–${ceiling}`,
      );
    });
    assert.equal(error.kind, "server");
    assert.equal(error.status, 500);
    assert.equal(error.correlationId, "corr-500");
    assert.equal(error.message, "Status 500.", "the relay's sentence is kept");
  });

  it("recovers from a transient failure within the retries", async () => {
    const { api, relay } = await setup([502, "network"]);
    const result = await api.query("Site", "(limit=3)");
    assert.equal(relay.requests.length, 3);
    assert.equal(result.correlationId, "ok-corr");
  });

  it("still rate-limited after the retries: 'Kalibrate is busy: try again in N s'", async () => {
    const busy = withHeaders(429, { "retry-after": "7" });
    const { api, delays } = await setup([busy, busy, busy], { retries: 2 });
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.deepEqual(delays, [7000, 7000]);
    assert.equal(error.kind, "rate-limited");
    assert.equal(error.message, "Kalibrate is busy: try again in 7 s.");
    assert.equal(error.retryAfterSeconds, 7);
  });

  it("does not wait for a Retry-After longer than 30 s: tells the user when to come back", async () => {
    const { api, relay, delays } = await setup([withHeaders(429, { "retry-after": "120" })]);
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.deepEqual(delays, []);
    assert.equal(relay.requests.length, 1);
    assert.equal(error.message, "Kalibrate is busy: try again in 120 s.");
  });

  it("network errors are retried, then named with the relay address and what to do", async () => {
    const { api, relay } = await setup(["network", "network", "network"], { retries: 2 });
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.equal(relay.requests.length, 3);
    assert.equal(error.kind, "network");
    assert.equal(
      error.message,
      `Cannot reach the Kalibrate relay at ${RELAY}. Check your connection or ask IT whether the relay is running.`,
    );
  });

  const noRetry: Array<[number, string, RegExp]> = [
    [400, "bad-request", /^`\(limit=1\)`: not allowed here\.$/],
    [403, "forbidden", /^Not allowed\.$/],
    [404, "not-found", /^No such collection\.$/],
  ];
  for (const [status, kind, message] of noRetry) {
    it(`no retry on ${status}: a ${kind} error with the API's message`, async () => {
      const text = { 400: "`(limit=1)`: not allowed here", 403: "Not allowed.", 404: "No such collection." }[status];
      const { api, relay, delays } = await setup([
        withHeaders(status, { "x-correlation-id": "abc" }, { error: "x", message: text }),
      ]);
      const error = await failure(api.query("Price", "(limit=1)"));
      assert.equal(relay.requests.length, 1);
      assert.deepEqual(delays, []);
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.equal(error.correlationId, "abc");
      assert.match(error.message, message);
    });
  }

  it("a 403 without a message still says what to do", async () => {
    const { api } = await setup([() => new Response("", { status: 403 })]);
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.match(error.message, /^Your client id is not allowed the query on Price\. Ask Kalibrate/);
  });

  it("401: renews the token once and retries, without the user noticing", async () => {
    const { api, relay } = await setup([401]);
    await api.query("Price", "(limit=1)");
    assert.deepEqual(
      relay.requests.map((r) => r.authorization),
      ["Bearer token-1", "Bearer token-2"],
    );
  });

  it("401 twice: an unauthorized error that says to connect again", async () => {
    const { api, relay } = await setup([401, 401, 401]);
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.equal(relay.requests.length, 2);
    assert.equal(relay.tokensIssued(), 2);
    assert.equal(error.kind, "unauthorized");
    assert.match(error.message, /Disconnect and connect again/);
  });

  it("not connected in the TokenProvider: a not-connected error before any data request", async () => {
    const relay = fakeRelay([]);
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch });
    const api = new DataApiClient({ relayUrl: RELAY, tokens, environment: () => "sandpit", fetch: relay.fetch });
    const error = await failure(api.query("Price", "(limit=1)"));
    assert.equal(error.kind, "not-connected");
    assert.match(error.message, /connect first/);
    assert.equal(relay.requests.length, 0);
  });

  it("sends the canonical query with a literal + between clauses and the bearer token", async () => {
    const { api, relay } = await setup([]);
    await api.query("reference/brand", "( entityVariant = Own )+(createdOn>=2020-06-01)+(limit=3)");
    assert.equal(
      relay.requests[0].url,
      `${RELAY}/api/data/sandpit/reference/brand?query=(entityVariant=Own)+(createdOn%3E=2020-06-01)+(limit=3)`,
    );
    assert.equal(relay.requests[0].authorization, "Bearer token-1");
  });
});

describe("DataApiClient imports and environments", () => {
  it("importRecords posts the records and returns the operation id", async () => {
    const { api, relay } = await setup([() => Response.json({ operationId: "op-1" }, { status: 202 })]);
    const records = [{ siteID: "S1", price: 1.299 }];
    assert.deepEqual(await api.importRecords("ownPrice", records), { operationId: "op-1" });
    assert.equal(relay.requests[0].method, "POST");
    assert.equal(relay.requests[0].url, `${RELAY}/api/data/sandpit/import/ownPrice`);
    assert.deepEqual(JSON.parse(relay.requests[0].body!), records);
  });

  it("an import is retried on 429 but not after a server error (it may have been applied)", async () => {
    const ok = () => Response.json({ operationId: "op-2" }, { status: 202 });
    const limited = await setup([withHeaders(429, { "retry-after": "1" }), ok]);
    assert.deepEqual(await limited.api.importRecords("ownPrice", [{}]), { operationId: "op-2" });
    assert.equal(limited.relay.requests.length, 2);
    const broken = await setup([503, ok]);
    await assert.rejects(broken.api.importRecords("ownPrice", [{}]), { kind: "server" });
    assert.equal(broken.relay.requests.length, 1);
    const lost = await setup(["network", ok]);
    await assert.rejects(lost.api.importRecords("ownPrice", [{}]), /may or may not have been imported/);
  });

  it("refuses an empty import or a bad kind before any request", async () => {
    const { api, relay } = await setup([]);
    await assert.rejects(api.importRecords("ownPrice", []), { kind: "bad-request", message: /nothing to import/ });
    await assert.rejects(api.importRecords("../x", [{}]), { kind: "bad-request" });
    assert.equal(relay.requests.length, 0);
  });

  it("environments lists the relay's environments without a token", async () => {
    const list = [{ id: "sandpit", label: "Sandpit", production: false }];
    const { api, relay } = await setup([() => Response.json(list)]);
    assert.deepEqual(await api.environments(), list);
    assert.equal(relay.requests[0].url, `${RELAY}/api/environments`);
    assert.equal(relay.requests[0].authorization, undefined);
  });
});
