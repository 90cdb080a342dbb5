// The near copy in front of the shared token store: served for its second, dropped on an eviction from any instance,
// and never used while the eviction feed is down (so no refused token and no outage is hidden by it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { NearTokenStore } from "../../src/relay/near-token-store";
import { MemoryTokenStore } from "../../src/relay/token-store";
import type { CachedToken } from "../../src/relay/token-cache";

function setup() {
  let now = 1_000_000;
  const shared = new MemoryTokenStore(() => now);
  let reads = 0;
  const counted = Object.assign(Object.create(shared) as MemoryTokenStore, {
    get: (key: string) => {
      reads++;
      return shared.get(key);
    },
  });
  const near = new NearTokenStore(counted, { now: () => now, ttlMs: 1000 });
  near.feedLive();
  const token = (accessToken: string): CachedToken => ({
    accessToken,
    tokenType: "Bearer",
    expiresAt: now + 3_600_000,
  });
  return {
    shared,
    near,
    token,
    reads: () => reads,
    advance: (ms: number) => (now += ms),
  };
}

test("a token read from the shared store is served from the near copy for its second, then read again", async () => {
  const s = setup();
  await s.shared.set("k", s.token("t1"), "id1", 60_000);
  assert.equal((await s.near.get("k"))?.accessToken, "t1");
  assert.equal((await s.near.get("k"))?.accessToken, "t1");
  assert.equal(s.reads(), 1);
  s.advance(1001);
  await s.near.get("k");
  assert.equal(s.reads(), 2);
});

test("an eviction announced by another instance drops the near copy at once", async () => {
  const s = setup();
  await s.shared.set("k", s.token("t1"), "id1", 60_000);
  await s.near.get("k");
  // Another instance evicted the refused token from the shared store and announced its key.
  await s.shared.evict("id1");
  s.near.evicted("k");
  assert.equal(await s.near.get("k"), undefined);
});

test("this instance's own eviction drops its near copy before it returns", async () => {
  const s = setup();
  await s.shared.set("k", s.token("t1"), "id1", 60_000);
  await s.near.get("k");
  assert.equal(await s.near.evict("id1"), "k");
  assert.equal(await s.near.get("k"), undefined);
});

test("while the eviction feed is down, every read goes to the shared store and nothing is copied", async () => {
  const s = setup();
  await s.shared.set("k", s.token("t1"), "id1", 60_000);
  await s.near.get("k");
  s.near.feedLost();
  await s.near.get("k");
  await s.near.get("k");
  assert.equal(s.reads(), 3);
  s.near.feedLive();
  await s.near.get("k");
  await s.near.get("k");
  assert.equal(s.reads(), 4);
});

test("a token this instance stored is copied too, for no longer than the shared store keeps it", async () => {
  const s = setup();
  await s.near.set("k", s.token("t1"), "id1", 400);
  assert.equal((await s.near.get("k"))?.accessToken, "t1");
  assert.equal(s.reads(), 0);
  s.advance(401);
  assert.equal(await s.near.get("k"), undefined);
  assert.equal(s.reads(), 1);
});
