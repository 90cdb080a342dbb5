import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CancelledError, DataApiClient, DataApiError, type DataApiClientOptions } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";

const RELAY = "http://relay.test";

/** Answers every data request with one document naming the request; `fail` makes the next answers 500s. */
function fakeRelay() {
  const urls: string[] = [];
  const held: Array<() => void> = [];
  const state = { hold: false, fail: 0 };
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith("/api/token")) return Response.json({ accessToken: "t", expiresIn: 3600 });
    urls.push(url);
    if (state.hold) {
      await new Promise<void>((resolve, reject) => {
        held.push(resolve);
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    }
    if (state.fail > 0) {
      state.fail -= 1;
      return Response.json({ error: "server", message: "Boom." }, { status: 500 });
    }
    return Response.json([{ id: { entityId: `doc-${urls.length}` }, data: { url } }]);
  }) as typeof globalThis.fetch;
  return { fetch, urls, state, release: () => held.splice(0).forEach((resolve) => resolve()) };
}

async function client(relay: { fetch: typeof fetch }, options: Partial<DataApiClientOptions> = {}) {
  const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch });
  await tokens.connect({ environment: "sandpit", clientId: "c", clientSecret: "s", scope: "api://x/.default" });
  return new DataApiClient({
    relayUrl: RELAY,
    tokens,
    environment: () => "sandpit",
    fetch: relay.fetch,
    retries: 0,
    ...options,
  });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("DataApiClient dedupe and cache", () => {
  it("identical queries in flight share one request (text and Query object alike)", async () => {
    const relay = fakeRelay();
    const api = await client(relay);
    const results = await Promise.all([
      api.query("Site", "(entityVariant=Own)"),
      api.query("Site", "(entityVariant=Own)"),
      api.query("site", { filters: [{ property: "entityVariant", operator: "=", value: "Own" }] }),
    ]);
    assert.equal(relay.urls.length, 1);
    assert.equal(results[0].documents, results[1].documents);
    assert.equal(results[0].documents, results[2].documents);
  });

  it("a cached result costs no request and says so; clearCache makes the next call fetch", async () => {
    const relay = fakeRelay();
    const api = await client(relay);
    const first = await api.query("Price", "(limit=5)");
    const second = await api.query("Price", "(limit=5)");
    assert.equal(relay.urls.length, 1);
    assert.equal(first.fromCache, false);
    assert.equal(first.requests, 1);
    assert.equal(second.fromCache, true);
    assert.equal(second.requests, 0);
    assert.equal(second.retrievedAt, first.retrievedAt, "a cached result keeps when it was fetched");
    assert.deepEqual(second.documents, first.documents);
    assert.ok(Object.isFrozen(second.documents), "shared documents cannot be changed by one caller for all");
    api.clearCache();
    const third = await api.query("Price", "(limit=5)");
    assert.equal(third.fromCache, false);
    assert.equal(relay.urls.length, 2);
  });

  it("keys the cache by environment, collection and canonical query", async () => {
    const relay = fakeRelay();
    let environment = "sandpit";
    const api = await client(relay, { environment: () => environment });
    await api.query("Price", "(limit=5)");
    await api.query("Price", "(limit=6)");
    await api.query("Site", "(limit=5)");
    environment = "uat";
    await api.query("Price", "(limit=5)");
    assert.equal(relay.urls.length, 4);
    assert.match(relay.urls[3], /\/api\/data\/uat\/Price\?query=\(limit=5\)$/);
  });

  it("cache: false fetches and leaves the cache alone", async () => {
    const relay = fakeRelay();
    const api = await client(relay);
    await api.query("Price", "(limit=5)", { cache: false });
    await api.query("Price", "(limit=5)", { cache: false });
    assert.equal(relay.urls.length, 2);
    const cached = await api.query("Price", "(limit=5)");
    assert.equal(cached.fromCache, false, "nothing was stored by cache: false");
    assert.equal((await api.query("Price", "(limit=5)")).fromCache, true);
  });

  it("holds at most cacheEntries results, dropping the least recently used", async () => {
    const relay = fakeRelay();
    const api = await client(relay, { cacheEntries: 2 });
    await api.query("Price", "(limit=1)");
    await api.query("Price", "(limit=2)");
    await api.query("Price", "(limit=1)"); // hit: now the most recent
    await api.query("Price", "(limit=3)"); // evicts limit=2
    assert.equal(relay.urls.length, 3);
    assert.equal((await api.query("Price", "(limit=1)")).fromCache, true);
    assert.equal((await api.query("Price", "(limit=3)")).fromCache, true);
    assert.equal((await api.query("Price", "(limit=2)")).fromCache, false);
    assert.equal(relay.urls.length, 4);
  });

  it("keeps results up to cacheBytes of answer JSON, dropping the least recently used", async () => {
    const relay = fakeRelay();
    const answer = JSON.stringify([
      { id: { entityId: "doc-1" }, data: { url: `${RELAY}/api/data/sandpit/Price?query=(limit=1)` } },
    ]);
    // Room for two answers of this size (the limit=N variants differ by one character at most), not three.
    const api = await client(relay, { cacheBytes: answer.length * 2 + 5 });
    await api.query("Price", "(limit=1)");
    await api.query("Price", "(limit=2)");
    await api.query("Price", "(limit=1)"); // hit: now the most recent
    await api.query("Price", "(limit=3)"); // over the budget: evicts limit=2
    assert.equal(relay.urls.length, 3);
    assert.equal((await api.query("Price", "(limit=1)")).fromCache, true);
    assert.equal((await api.query("Price", "(limit=3)")).fromCache, true);
    assert.equal((await api.query("Price", "(limit=2)")).fromCache, false);
  });

  it("by default keeps every result since the last Refresh: 1,000 distinct queries cost 0 requests the second time", async () => {
    const relay = fakeRelay();
    const api = await client(relay);
    const all = () => Promise.all(Array.from({ length: 1000 }, (_, i) => api.query("Price", `(price>${i})`)));
    await all();
    assert.equal(relay.urls.length, 1000);
    const again = await all();
    assert.equal(relay.urls.length, 1000);
    assert.ok(again.every((result) => result.fromCache));
    api.clearCache();
    await all();
    assert.equal(relay.urls.length, 2000);
  });

  it("does not keep a result bigger than the whole budget, and still answers it", async () => {
    const relay = fakeRelay();
    const api = await client(relay, { cacheBytes: 10 });
    const result = await api.query("Price", "(limit=1)");
    assert.equal(result.documents.length, 1);
    assert.equal((await api.query("Price", "(limit=1)")).fromCache, false);
    assert.equal(relay.urls.length, 2);
  });

  it("never caches an error", async () => {
    const relay = fakeRelay();
    const api = await client(relay);
    relay.state.fail = 1;
    await assert.rejects(api.query("Price", "(limit=5)"), { kind: "server", status: 500 });
    const result = await api.query("Price", "(limit=5)");
    assert.equal(result.fromCache, false);
    assert.equal(result.documents.length, 1);
  });

  it("one caller cancelling does not cancel the request another caller shares", async () => {
    const relay = fakeRelay();
    relay.state.hold = true;
    const api = await client(relay);
    const controller = new AbortController();
    const cancelled = api.query("Site", "(limit=5)", { signal: controller.signal });
    const kept = api.query("Site", "(limit=5)");
    await tick();
    controller.abort();
    await assert.rejects(cancelled, CancelledError);
    relay.release();
    assert.equal((await kept).documents.length, 1);
    assert.equal(relay.urls.length, 1);
  });

  it("when every caller cancels, the request is aborted and the next caller starts afresh", async () => {
    const relay = fakeRelay();
    relay.state.hold = true;
    const api = await client(relay);
    const controller = new AbortController();
    const cancelled = api.query("Site", "(limit=5)", { signal: controller.signal });
    await tick();
    controller.abort();
    await assert.rejects(cancelled, CancelledError);
    relay.state.hold = false;
    const fresh = await api.query("Site", "(limit=5)");
    assert.equal(fresh.fromCache, false);
    assert.equal(relay.urls.length, 2);
  });

  it("a result that was in flight during clearCache is returned but not cached", async () => {
    const relay = fakeRelay();
    relay.state.hold = true;
    const api = await client(relay);
    const before = api.query("Site", "(limit=5)");
    await tick();
    api.clearCache();
    relay.state.hold = false;
    relay.release();
    assert.equal((await before).fromCache, false);
    assert.equal((await api.query("Site", "(limit=5)")).fromCache, false);
    assert.equal(relay.urls.length, 2);
  });

  it("rejects a query that does not parse before any request, with the parser's message", async () => {
    const relay = fakeRelay();
    const api = await client(relay);
    const error = await api.query("Price", "(entityVariant=Own)+(limit=abc)").catch((e: unknown) => e);
    assert.ok(error instanceof DataApiError);
    assert.equal(error.kind, "bad-request");
    assert.match(error.message, /^The query is not valid: `\(limit=abc\)`/);
    await assert.rejects(api.query("no such/collection/here", "(limit=1)"), { kind: "bad-request" });
    assert.equal(relay.urls.length, 0);
  });

  it("without an environment says to connect first", async () => {
    const relay = fakeRelay();
    const api = await client(relay, { environment: () => undefined });
    await assert.rejects(api.query("Price", "(limit=1)"), {
      kind: "not-connected",
      message: "You are not connected to Kalibrate. Open the Kalibrate pane and connect first.",
    });
  });
});
