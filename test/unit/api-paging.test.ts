import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CancelledError, DataApiClient, DataApiError, type DataApiClientOptions } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";
import { parseQuery, type Query } from "../../src/core/query";

const RELAY = "http://relay.test";

function documents(count: number) {
  // Stored out of order, as an unordered store might return them.
  return Array.from({ length: count }, (_, i) => ({
    id: {
      entityId: `e${String((i * 7) % count).padStart(4, "0")}`,
      createdOn: `2021-01-01T00:00:${String(i % 60).padStart(2, "0")}Z`,
    },
    data: { n: (i * 7) % count },
  }));
}

/** The relay's data route over an in-memory collection: orderBy, offset, limit (none → 1000, 0 → all). */
function fakeRelay(store: Array<{ id: { entityId: string; createdOn: string } }>, options: { hold?: boolean } = {}) {
  const queries: string[] = [];
  const signals: AbortSignal[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const held: Array<() => void> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname === "/api/token") return Response.json({ accessToken: "t", expiresIn: 3600 });
    const raw = String(input).split("?query=")[1];
    queries.push(raw);
    signals.push(init!.signal!);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const signal = init!.signal!;
        if (options.hold) held.push(resolve);
        else setTimeout(resolve, 1);
        signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    } finally {
      inFlight -= 1;
    }
    const query: Query = parseQuery(raw);
    const key = (query.orderBy ?? "") as "entityId" | "createdOn" | "";
    const ordered = key
      ? [...store].sort((a, b) => a.id[key].localeCompare(b.id[key]) || a.id.entityId.localeCompare(b.id.entityId))
      : store;
    const offset = query.offset ?? 0;
    const limit = query.limit === undefined ? 1000 : query.limit === 0 ? Infinity : query.limit;
    return Response.json(ordered.slice(offset, offset + limit), {
      headers: { "x-correlation-id": `c${queries.length}` },
    });
  }) as typeof globalThis.fetch;
  return { fetch, queries, signals, release: () => held.splice(0).forEach((r) => r()), max: () => maxInFlight };
}

/**
 * Later pages answer sooner (page 0 first, then the last page first) unless `inOrder`; `failAt` answers HTTP 500
 * at that offset.
 */
function reversedRelay(store: ReturnType<typeof documents>, options: { failAt?: number; inOrder?: boolean } = {}) {
  const sorted = [...store].sort((a, b) => a.id.entityId.localeCompare(b.id.entityId));
  const arrivals: number[] = [];
  const offsets: number[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    if (url.pathname === "/api/token") return Response.json({ accessToken: "t", expiresIn: 3600 });
    const query = parseQuery(String(input).split("?query=")[1]);
    const offset = query.offset ?? 0;
    offsets.push(offset);
    const delay = options.inOrder ? offset / 2 : offset === 0 ? 0 : Math.max(1, (60 - offset) * 2);
    await new Promise((resolve) => setTimeout(resolve, delay));
    arrivals.push(offset / 10);
    if (offset === options.failAt) return Response.json({ message: "boom" }, { status: 500 });
    return Response.json(sorted.slice(offset, offset + (query.limit ?? 1000)));
  }) as typeof globalThis.fetch;
  return { fetch, arrivals, offsets, sorted };
}

async function client(relay: { fetch: typeof fetch }, options: Partial<DataApiClientOptions> = {}) {
  const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch });
  await tokens.connect({ environment: "sandpit", clientId: "c", clientSecret: "s", scope: "api://x/.default" });
  return new DataApiClient({ relayUrl: RELAY, tokens, environment: () => "sandpit", fetch: relay.fetch, ...options });
}

const ids = (docs: unknown[]) => docs.map((d) => (d as { id: { entityId: string } }).id.entityId);
const sortedIds = (store: ReturnType<typeof documents>) => ids(store).sort();
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("DataApiClient paging", () => {
  it("without a limit sends one request exactly as asked (the API's first 1000)", async () => {
    const relay = fakeRelay(documents(1200));
    const api = await client(relay, { pageSize: 100 });
    const result = await api.query("Site", "(entityVariant=Own)");
    assert.deepEqual(relay.queries, ["(entityVariant=Own)"]);
    assert.equal(result.documents.length, 1000);
    assert.equal(result.requests, 1);
    assert.equal(result.query, "(entityVariant=Own)");
    assert.equal(result.correlationId, "c1");
  });

  it("a limit up to the page size is one request", async () => {
    const relay = fakeRelay(documents(50));
    const api = await client(relay, { pageSize: 10 });
    const result = await api.query("Price", "(limit=10)");
    assert.deepEqual(relay.queries, ["(limit=10)"]);
    assert.equal(result.documents.length, 10);
  });

  it("limit=0 pages by entityId: first page alone, then concurrent pages, stopping at the short page", async () => {
    const store = documents(35);
    const relay = fakeRelay(store);
    const api = await client(relay, { pageSize: 10, concurrency: 4 });
    const result = await api.query("Product", "(entityVariant=Global)+(limit=0)");
    const page = (offset: number) => `(entityVariant=Global)+(orderBy=entityId)+(limit=10)+(offset=${offset})`;
    assert.deepEqual(relay.queries.slice(0, 5), [0, 10, 20, 30, 40].map(page), "page 0 alone, then four at once");
    // Pages that came back full before page 3 (short) did free their slot for one more page: with no total count,
    // at most concurrency - 1 requests go past the end, and never a page after a short one is known.
    assert.deepEqual(relay.queries.slice(5), [50, 60].slice(0, relay.queries.length - 5).map(page));
    assert.ok(relay.queries.length <= 7);
    assert.deepEqual(ids(result.documents), sortedIds(store), "every document once, in page order");
    assert.equal(result.requests, relay.queries.length);
    assert.equal(result.query, "(entityVariant=Global)+(limit=0)", "the caller's query, not the page's");
    assert.equal(result.fromCache, false);
  });

  it("pages that come back out of order end up in page order, each document once", async () => {
    const store = documents(35);
    // Page 4 (empty) first, then 3 (short), 2, 1.
    const relay = reversedRelay(store);
    const api = await client(relay, { pageSize: 10, concurrency: 4 });
    const result = await api.query("Price", "(limit=0)");
    assert.deepEqual(relay.arrivals, [0, 4, 3, 2, 1]);
    assert.deepEqual(ids(result.documents), sortedIds(store));
  });

  it("a first page shorter than the page size is the only request", async () => {
    const relay = fakeRelay(documents(7));
    const api = await client(relay, { pageSize: 10 });
    const result = await api.query("Site", "(limit=0)");
    assert.deepEqual(relay.queries, ["(orderBy=entityId)+(limit=10)+(offset=0)"]);
    assert.equal(result.documents.length, 7);
  });

  it("honours the caller's orderBy, offset and limit", async () => {
    const store = documents(100);
    const relay = fakeRelay(store);
    const api = await client(relay, { pageSize: 10 });
    const result = await api.query("Price", "(orderBy=createdOn)+(limit=25)+(offset=5)");
    assert.deepEqual(relay.queries, [
      "(orderBy=createdOn)+(limit=10)+(offset=5)",
      "(orderBy=createdOn)+(limit=10)+(offset=15)",
      "(orderBy=createdOn)+(limit=5)+(offset=25)",
    ]);
    const expected = [...store].sort(
      (a, b) => a.id.createdOn.localeCompare(b.id.createdOn) || a.id.entityId.localeCompare(b.id.entityId),
    );
    assert.deepEqual(ids(result.documents), ids(expected.slice(5, 30)));
  });

  it("never has more than `concurrency` requests in flight, across queries", async () => {
    const relay = fakeRelay(documents(40));
    const api = await client(relay, { pageSize: 2, concurrency: 3 });
    const [a, b] = await Promise.all([api.query("Site", "(limit=0)"), api.query("Product", "(limit=0)")]);
    assert.equal(a.documents.length, 40);
    assert.equal(b.documents.length, 40);
    assert.equal(relay.max(), 3);
  });

  it("reports progress as pages arrive", async () => {
    const relay = fakeRelay(documents(25));
    const api = await client(relay, { pageSize: 10, concurrency: 1 });
    const progress: Array<{ rows: number; pages: number }> = [];
    await api.query("Site", "(limit=0)", { onProgress: (p) => progress.push(p) });
    assert.deepEqual(progress, [
      { rows: 10, pages: 1 },
      { rows: 20, pages: 2 },
      { rows: 25, pages: 3 },
    ]);
  });

  it("cancellation aborts pending requests and rejects with CancelledError", async () => {
    const relay = fakeRelay(documents(100), { hold: true });
    const api = await client(relay, { pageSize: 10, concurrency: 3 });
    const controller = new AbortController();
    const pending = api.query("Site", "(limit=0)", { signal: controller.signal });
    await tick();
    relay.release(); // first page
    await tick();
    await tick();
    assert.equal(relay.queries.length, 4, "first page, then three in flight");
    controller.abort();
    await assert.rejects(pending, CancelledError);
    assert.ok(
      relay.signals.slice(1).every((s) => s.aborted),
      "every pending request's signal fired",
    );
    await assert.rejects(api.query("Site", "(limit=0)", { signal: controller.signal }), CancelledError);
    assert.equal(relay.queries.length, 4, "an aborted signal starts nothing");
  });
});

describe("DataApiClient.queryPages", () => {
  it("hands the pages over in page order as they arrive, keeping none, and says what the read cost", async () => {
    const store = documents(35);
    const relay = reversedRelay(store);
    const api = await client(relay, { pageSize: 10, concurrency: 4 });
    const delivered: string[][] = [];
    const result = await api.queryPages("Price", "(limit=0)", (page) => delivered.push(ids([...page])));
    assert.deepEqual(relay.arrivals.slice(0, 4), [0, 4, 3, 2], "answers came back out of order");
    assert.deepEqual(
      delivered,
      [0, 10, 20, 30].map((start) => ids(relay.sorted.slice(start, start + 10))),
    );
    assert.equal(result.rows, 35);
    assert.equal(result.requests, relay.offsets.length);
    assert.equal(result.query, "(limit=0)");
    assert.equal("documents" in result, false);
  });

  it("is never cached: the same read again asks again", async () => {
    const relay = fakeRelay(documents(25));
    const api = await client(relay, { pageSize: 10 });
    await api.queryPages("Site", "(limit=0)", () => undefined);
    const asked = relay.queries.length;
    await api.queryPages("Site", "(limit=0)", () => undefined);
    assert.equal(relay.queries.length, asked * 2);
    const cached = await api.query("Site", "(limit=0)");
    assert.equal(cached.fromCache, false, "query() did not find queryPages' read in its cache");
  });

  it("a one-request read is one page", async () => {
    const relay = fakeRelay(documents(50));
    const api = await client(relay, { pageSize: 10 });
    const delivered: number[] = [];
    await api.queryPages("Price", "(limit=7)", (page) => delivered.push(page.length));
    assert.deepEqual(delivered, [7]);
  });

  it("cancelling stops the requests: nothing more is delivered and it rejects with CancelledError", async () => {
    const relay = fakeRelay(documents(100), { hold: true });
    const api = await client(relay, { pageSize: 10, concurrency: 3 });
    const controller = new AbortController();
    const delivered: number[] = [];
    const pending = api.queryPages("Site", "(limit=0)", (page) => delivered.push(page.length), {
      signal: controller.signal,
    });
    await tick();
    relay.release(); // first page
    await tick();
    await tick();
    assert.deepEqual(delivered, [10]);
    controller.abort();
    relay.release();
    await assert.rejects(pending, CancelledError);
    assert.deepEqual(delivered, [10], "no page after the cancel");
    assert.ok(relay.signals.slice(1).every((s) => s.aborted));
    assert.equal(relay.queries.length, 4, "no request started after the cancel");
  });

  it("a page failing halfway rejects after the pages before it, and stops the pages after it", async () => {
    const store = documents(100);
    const relay = reversedRelay(store, { failAt: 20, inOrder: true });
    const api = await client(relay, { pageSize: 10, concurrency: 2, retries: 0 });
    const delivered: number[] = [];
    await assert.rejects(
      api.queryPages("Price", "(limit=0)", (page) => delivered.push(page.length)),
      DataApiError,
    );
    assert.deepEqual(delivered, [10, 10], "pages 0 and 1 only; nothing from page 2 on");
    assert.ok(Math.max(...relay.offsets) <= 30, "no page started after the failure");
  });

  it("a consumer that throws stops the read with its error", async () => {
    const relay = fakeRelay(documents(100));
    const api = await client(relay, { pageSize: 10, concurrency: 2 });
    let pagesSeen = 0;
    await assert.rejects(
      api.queryPages("Price", "(limit=0)", () => {
        pagesSeen += 1;
        if (pagesSeen === 2) throw new Error("cannot convert");
      }),
      /cannot convert/,
    );
    assert.equal(pagesSeen, 2);
    assert.ok(relay.queries.length < 10, "the remaining pages were not all read");
  });
});

describe("DataApiClient.queryInto", () => {
  /** Builds the ids of every page, in order, counting the builds. */
  function idsInto(key = "ids") {
    let builds = 0;
    return {
      builds: () => builds,
      into: {
        key,
        build: async (read: import("../../src/core/api").PageRead, signal: AbortSignal) => {
          builds += 1;
          const out: string[] = [];
          await read((page) => out.push(...ids([...page])), signal);
          return out;
        },
      },
    };
  }

  it("caches what was built, not the documents: the same query and key again asks nothing", async () => {
    const store = documents(25);
    const relay = fakeRelay(store);
    const api = await client(relay, { pageSize: 10 });
    const { into, builds } = idsInto();
    const first = await api.queryInto("Site", "(limit=0)", into);
    assert.deepEqual(first.value, sortedIds(store));
    assert.equal(first.rows, 25);
    const asked = relay.queries.length;
    const again = await api.queryInto("Site", "(limit=0)", into);
    assert.equal(again.fromCache, true);
    assert.equal(again.requests, 0);
    assert.equal(again.value, first.value, "the built value itself, shared");
    assert.equal(relay.queries.length, asked);
    assert.equal(builds(), 1);
    await api.queryInto("Site", "(limit=0)", idsInto("other").into);
    assert.equal(relay.queries.length, 2 * asked, "another key is built (and read) apart");
    const documentsRead = await api.query("Site", "(limit=0)");
    assert.equal(documentsRead.fromCache, false, "query() keeps its own entries");
    api.clearCache();
    await api.queryInto("Site", "(limit=0)", into);
    assert.equal(builds(), 2, "Refresh clears built values too");
  });

  it("identical calls in flight share one read and one build", async () => {
    const relay = fakeRelay(documents(25));
    const api = await client(relay, { pageSize: 10 });
    const { into, builds } = idsInto();
    const [a, b] = await Promise.all([
      api.queryInto("Site", "(limit=0)", into),
      api.queryInto("Site", "(limit=0)", into),
    ]);
    assert.equal(a.value, b.value);
    assert.equal(builds(), 1);
  });

  it("a failed build is not cached: the next call reads and builds again", async () => {
    const relay = fakeRelay(documents(25));
    const api = await client(relay, { pageSize: 10 });
    let fail = true;
    const into = {
      key: "flaky",
      build: async (read: import("../../src/core/api").PageRead, signal: AbortSignal) => {
        await read(() => {
          if (fail) throw new Error("cannot convert");
        }, signal);
        return "built";
      },
    };
    await assert.rejects(api.queryInto("Site", "(limit=0)", into), /cannot convert/);
    fail = false;
    const result = await api.queryInto("Site", "(limit=0)", into);
    assert.equal(result.value, "built");
    assert.equal(result.fromCache, false);
  });
});
