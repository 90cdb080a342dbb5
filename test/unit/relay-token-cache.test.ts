import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TokenCache, type CachedToken } from "../../src/relay/token-cache";
import { MemoryAttemptBudget } from "../../src/relay/failure-limiter";
import { MemoryTokenStore } from "../../src/relay/token-store";

const parts = { environment: "sandbox", clientId: "reader", scope: "api://x/.default", clientSecret: "s3cret-value" };

function clock(start = 1_000_000) {
  const state = { now: start };
  return { state, now: () => state.now };
}

function token(expiresAt: number, accessToken = "t1"): CachedToken {
  return { accessToken, tokenType: "Bearer", expiresAt };
}

describe("token cache", () => {
  test("keys differ by every part and never contain the secret", () => {
    const cache = new TokenCache({ now: Date.now });
    const base = cache.key(parts);
    assert.equal(cache.key({ ...parts }), base);
    for (const change of [{ environment: "x" }, { clientId: "x" }, { scope: "x" }, { clientSecret: "x" }]) {
      assert.notEqual(cache.key({ ...parts, ...change }), base);
    }
    // Parts are length-prefixed: moving a boundary gives another key.
    assert.notEqual(cache.key({ ...parts, clientId: "reade", scope: "rapi://x/.default" }), base);
    assert.ok(!base.includes(parts.clientSecret));
  });

  test("a token is reused until the margin before expiry, then fetched again", async () => {
    const time = clock();
    const cache = new TokenCache({ now: time.now, marginMs: 300_000 });
    let calls = 0;
    const fetch = async () => token(time.state.now + 3_600_000, `t${++calls}`);
    const key = cache.key(parts);
    assert.equal((await cache.get(key, fetch)).source, "upstream");
    time.state.now += 3_600_000 - 300_001;
    const hit = await cache.get(key, fetch);
    assert.deepEqual([hit.source, hit.token.accessToken], ["cache", "t1"]);
    time.state.now += 1;
    const renewed = await cache.get(key, fetch);
    assert.deepEqual([renewed.source, renewed.token.accessToken], ["upstream", "t2"]);
  });

  test("concurrent identical requests share one fetch; a failure is shared and not cached", async () => {
    const cache = new TokenCache({ now: Date.now });
    let calls = 0;
    let release!: (value: CachedToken) => void;
    const fetch = () => {
      calls++;
      return new Promise<CachedToken>((resolve) => (release = resolve));
    };
    const key = cache.key(parts);
    const waiting = Array.from({ length: 20 }, () => cache.get(key, fetch));
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
    release(token(Date.now() + 3_600_000));
    const results = await Promise.all(waiting);
    assert.equal(calls, 1);
    assert.ok(results.every((result) => result.token.accessToken === "t1"));

    const other = cache.key({ ...parts, clientSecret: "other" });
    const failing = () => {
      calls++;
      return Promise.reject(new Error("refused"));
    };
    const failures = await Promise.allSettled([cache.get(other, failing), cache.get(other, failing)]);
    assert.deepEqual(
      failures.map((result) => result.status),
      ["rejected", "rejected"],
    );
    assert.equal(calls, 2);
    await assert.rejects(cache.get(other, failing), /refused/);
    assert.equal(calls, 3);
  });

  test("tokens that expire within the margin are not kept, and the cache is bounded (least recently used out)", async () => {
    const time = clock();
    const store = new MemoryTokenStore(time.now, 2);
    const cache = new TokenCache({ now: time.now, marginMs: 300_000, store });
    await cache.get("short", async () => token(time.state.now + 60_000));
    assert.equal(store.size, 0);
    for (const key of ["a", "b"]) await cache.get(key, async () => token(time.state.now + 3_600_000, key));
    await cache.get("a", async () => assert.fail("a is cached"));
    await cache.get("c", async () => token(time.state.now + 3_600_000, "c"));
    assert.equal(store.size, 2);
    assert.equal((await cache.get("a", async () => token(0))).source, "cache");
    assert.equal((await cache.get("b", async () => token(time.state.now + 3_600_000, "b2"))).token.accessToken, "b2");
  });
});

describe("failed token attempt budget", () => {
  async function reserve(budget: MemoryAttemptBudget, id: string) {
    const result = await budget.reserve(id);
    assert.ok(result.ok, `a slot for ${id}`);
    return result.reservation;
  }

  test("blocks a client id after 10 failures within a minute, until the oldest leaves the window", async () => {
    const time = clock();
    const budget = new MemoryAttemptBudget({ now: time.now });
    for (let i = 0; i < 10; i++) {
      await (await reserve(budget, "reader")).settle(true);
      time.state.now += 1000;
    }
    assert.deepEqual(await budget.reserve("reader"), { ok: false, retryAfterSeconds: 50 });
    assert.equal((await budget.reserve("someone-else")).ok, true);
    time.state.now += 50_000;
    assert.equal((await budget.reserve("reader")).ok, true);
  });

  test("attempts in flight hold their slot: the 11th concurrent attempt is refused; a success gives its slot back", async () => {
    const budget = new MemoryAttemptBudget({ now: clock().now });
    const held = [];
    for (let i = 0; i < 10; i++) held.push(await reserve(budget, "reader"));
    const refused = await budget.reserve("reader");
    assert.equal(refused.ok, false);
    await held[0].settle(false);
    assert.equal((await budget.reserve("reader")).ok, true);
  });

  test("a blocked client id is never forgotten, however many other ids fail", async () => {
    const time = clock();
    const budget = new MemoryAttemptBudget({ now: time.now, maxFailures: 2, sweepAbove: 3 });
    for (let i = 0; i < 2; i++) await (await reserve(budget, "a")).settle(true);
    for (let i = 0; i < 1000; i++) await (await reserve(budget, `junk-${i}`)).settle(true);
    assert.equal((await budget.reserve("a")).ok, false);
    // Ids whose failures left the window are swept, so memory does not grow without bound.
    time.state.now += 61_000;
    for (let i = 0; i < 2100; i++) await (await reserve(budget, `fresh-${i}`)).settle(false);
    assert.ok(budget.size < 1100, `size ${budget.size}`);
  });
});
