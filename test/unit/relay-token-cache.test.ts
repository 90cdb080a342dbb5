import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TokenCache, type CachedToken } from "../../src/relay/token-cache";
import { FailureLimiter } from "../../src/relay/failure-limiter";

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
    const cache = new TokenCache({ now: time.now, marginMs: 300_000, maxEntries: 2 });
    await cache.get("short", async () => token(time.state.now + 60_000));
    assert.equal(cache.size, 0);
    for (const key of ["a", "b"]) await cache.get(key, async () => token(time.state.now + 3_600_000, key));
    await cache.get("a", async () => assert.fail("a is cached"));
    await cache.get("c", async () => token(time.state.now + 3_600_000, "c"));
    assert.equal(cache.size, 2);
    assert.equal((await cache.get("a", async () => token(0))).source, "cache");
    assert.equal((await cache.get("b", async () => token(time.state.now + 3_600_000, "b2"))).token.accessToken, "b2");
  });
});

describe("failed token attempt limiter", () => {
  test("blocks a client id after 10 failures within a minute, until the oldest leaves the window", () => {
    const time = clock();
    const limiter = new FailureLimiter({ now: time.now });
    for (let i = 0; i < 10; i++) {
      assert.equal(limiter.retryAfterSeconds("reader"), 0);
      limiter.recordFailure("reader");
      time.state.now += 1000;
    }
    assert.equal(limiter.retryAfterSeconds("reader"), 50);
    assert.equal(limiter.retryAfterSeconds("someone-else"), 0);
    time.state.now += 50_000;
    assert.equal(limiter.retryAfterSeconds("reader"), 0);
  });

  test("the number of tracked client ids is bounded", () => {
    const time = clock();
    const limiter = new FailureLimiter({ now: time.now, maxFailures: 2, maxTrackedClients: 3 });
    limiter.recordFailure("a");
    assert.equal(limiter.retryAfterSeconds("a"), 0);
    limiter.recordFailure("a");
    assert.equal(limiter.retryAfterSeconds("a"), 60);
    for (const id of ["b", "c", "d"]) limiter.recordFailure(id);
    // "a" was the oldest entry and was dropped to stay within 3 client ids.
    assert.equal(limiter.retryAfterSeconds("a"), 0);
  });
});
