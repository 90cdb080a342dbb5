// The seeded data set (deterministic, realistic, scaled by size), the config file checks, and the admin routes'
// loopback rule — through buildSandbox() and inject() where no socket is needed.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, validateConfig } from "../../src/sandbox/config";
import { generateData } from "../../src/sandbox/data/seed";
import { buildSandbox, type KalibrateDocument } from "../../src/sandbox/server";

const refId = (doc: KalibrateDocument, field: string) => (doc.data[field] as { entityId: string } | null)?.entityId;

describe("seeded data", () => {
  const data = generateData({ seed: "tests", size: 40_000 });

  it("is deterministic: the same seed and size give the same documents", () => {
    const again = generateData({ seed: "tests", size: 40_000 });
    assert.deepEqual(again.ownSites, data.ownSites);
    assert.deepEqual(again.priceCounts(), data.priceCounts());
    const first = [...data.documents("Price")].slice(0, 50);
    assert.deepEqual([...again.documents("Price")].slice(0, 50), first);
    const other = generateData({ seed: "other", size: 40_000 });
    assert.notEqual(other.ownSites[0].id.entityId, data.ownSites[0].id.entityId);
  });

  it("has dozens of own sites, nearly all branded, each linked to competitor sites", () => {
    assert.ok(data.ownSites.length >= 40);
    const branded = data.ownSites.filter((site) => site.data.brand !== null);
    assert.ok(branded.length >= data.ownSites.length * 0.9 && branded.length < data.ownSites.length);
    const brandIds = new Set(data.brands.map((b) => b.id.entityId));
    const competitorIds = new Set(data.competitorSites.map((s) => s.id.entityId));
    for (const site of data.ownSites) {
      if (site.data.brand) assert.ok(brandIds.has(refId(site, "brand")!));
      const competitors = site.data.competitorSites as { entityId: string }[];
      assert.ok(competitors.length > 0);
      for (const competitor of competitors) assert.ok(competitorIds.has(competitor.entityId));
      assert.equal(typeof site.data.latitude, "number");
      assert.match(site.data.importCode as string, /^OWN\d{4}$/);
    }
  });

  it("sells every main global product at every own site through an own product with a current price", () => {
    const main = data.globalProducts.filter((g) =>
      ["Unleaded", "Diesel", "Premium Unleaded", "Premium Diesel"].includes(g.data.name as string),
    );
    assert.equal(main.length, 4);
    for (const site of data.ownSites) {
      for (const product of main) {
        const own = data.ownProducts.find(
          (p) => refId(p, "site") === site.id.entityId && refId(p, "product") === product.id.entityId,
        );
        assert.ok(own, `${site.data.name} should sell ${product.data.name}`);
        assert.equal(typeof own.data.currentPrice, "number");
      }
    }
  });

  it("links competitor products to competitor sites", () => {
    const competitorIds = new Set(data.competitorSites.map((s) => s.id.entityId));
    assert.ok(data.competitorProducts.length > 0);
    for (const product of data.competitorProducts) assert.ok(competitorIds.has(refId(product, "site")!));
  });

  it("keeps a price history with pence-level moves, and current prices that match its end", () => {
    const own = [...data.documents("Price")].filter((p) => p.id.entityVariant === "Own");
    assert.ok(own.length > 5000, "many thousands of own prices");
    const product = data.ownProducts[0];
    const history = own
      .filter((p) => refId(p, "product") === product.id.entityId)
      .sort((a, b) => (a.data.effectiveTime as string).localeCompare(b.data.effectiveTime as string));
    assert.ok(history.length > 10);
    for (let i = 1; i < history.length; i++) {
      const step = Math.round(((history[i].data.price as number) - (history[i - 1].data.price as number)) * 1000);
      assert.ok(step !== 0 && step % 10 === 0 && Math.abs(step) <= 30, `a move of ${step / 10}p`);
    }
    const days =
      (Date.parse(history.at(-1)!.data.effectiveTime as string) - Date.parse(history[0].data.effectiveTime as string)) /
      86_400_000;
    const perWeek = (history.length / days) * 7;
    assert.ok(perWeek > 1 && perWeek < 7, `${perWeek.toFixed(1)} changes a week`);
    assert.equal(product.data.currentPrice, history.at(-1)!.data.price);
    assert.equal(product.data.currentPriceEffectiveTime, history.at(-1)!.data.effectiveTime);
  });

  it("holds Own, Proposed, Competitor and Cost prices, roughly `size` in all", () => {
    const counts = data.priceCounts();
    assert.deepEqual(Object.keys(counts).sort(), ["Competitor", "Cost", "Own", "Proposed"]);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 40_000) < 40_000 * 0.1, `${total} prices for size 40000`);
    const bigger = generateData({ seed: "tests", size: 200_000 });
    const biggerTotal = Object.values(bigger.priceCounts()).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(biggerTotal - 200_000) < 200_000 * 0.1, `${biggerTotal} prices for size 200000`);
    assert.ok(bigger.ownSites.length > data.ownSites.length, "bigger data sets have more sites");
  });

  it("gives every document a unique entityId", () => {
    const seen = new Set<string>();
    for (const collection of [
      "Price",
      "Product",
      "Site",
      "Reference",
      "Volume",
      "SurveyHistory",
      "PriceRequest",
      "ProductGroup",
    ]) {
      for (const doc of data.documents(collection)) {
        assert.ok(!seen.has(doc.id.entityId), `duplicate id ${doc.id.entityId}`);
        seen.add(doc.id.entityId);
      }
    }
  });
});

describe("config", () => {
  const good = {
    tenantId: "t",
    clients: [{ clientId: "a", clientSecret: "s", scopes: ["api://x/.default"], rights: "Read" }],
  };

  it("fills the defaults: lifetime 3599 s, no clock skew", () => {
    const config = validateConfig(good);
    assert.equal(config.tokenLifetimeSeconds, 3599);
    assert.equal(config.clockSkewSeconds, 0);
  });

  it("names what is wrong", () => {
    const cases: [unknown, RegExp][] = [
      [[], /must be a JSON object/],
      [{ ...good, tenantId: "" }, /"tenantId"/],
      [{ ...good, tokenLifetimeSeconds: 0 }, /"tokenLifetimeSeconds"/],
      [{ ...good, clockSkewSeconds: -1 }, /"clockSkewSeconds"/],
      [{ ...good, clients: [] }, /"clients" must be a non-empty array/],
      [{ ...good, clients: [{ ...good.clients[0], rights: "Admin" }] }, /clients\[0\]\.rights/],
      [{ ...good, clients: [{ ...good.clients[0], scopes: ["api://x"] }] }, /must end with "\/\.default"/],
      [{ ...good, clients: [good.clients[0], good.clients[0]] }, /appears twice/],
    ];
    for (const [raw, message] of cases)
      assert.throws(
        () => validateConfig(raw),
        (e: Error) => e instanceof ConfigError && message.test(e.message),
      );
  });

  it("loads a file, and says which file cannot be read or parsed", () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-config-"));
    try {
      const path = join(dir, "config.json");
      writeFileSync(path, JSON.stringify(good));
      assert.equal(loadConfig(path).tenantId, "t");
      writeFileSync(path, "{");
      assert.throws(() => loadConfig(path), /config\.json: is not valid JSON/);
      assert.throws(() => loadConfig(join(dir, "missing.json")), /missing\.json: cannot be read \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("the shipped config names its credentials as sandbox ones", () => {
    const shipped = loadConfig();
    assert.ok(shipped.clients.some((c) => c.clientId === "sandbox-reader" && c.rights === "Read"));
    assert.ok(shipped.clients.some((c) => c.clientId === "sandbox-writer" && c.rights === "ReadWrite"));
    for (const client of shipped.clients) {
      assert.match(client.clientSecret, /^sandbox-.*not-real$/);
      for (const scope of client.scopes)
        assert.match(scope, /^api:\/\/sandbox\.kalibrate\.local\/[0-9a-f-]{36}\/\.default$/);
    }
  });
});

describe("inject()", () => {
  it("serves a token and a query without a socket", async () => {
    const app = await buildSandbox({ size: 1000 });
    try {
      const client = loadConfig().clients[0];
      const tokenResponse = await app.inject({
        method: "POST",
        url: `/${loadConfig().tenantId}/oauth2/v2.0/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          grant_type: "client_credentials",
          scope: client.scopes[0],
        }).toString(),
      });
      assert.equal(tokenResponse.statusCode, 200);
      const { access_token } = tokenResponse.json() as { access_token: string };
      const answer = await app.inject({
        url: "/api/product?query=(entityVariant=Global)+(limit=0)",
        headers: { authorization: `Bearer ${access_token}` },
      });
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(
        (answer.json() as KalibrateDocument[]).map((d) => d.data.name),
        ["Unleaded", "Diesel", "Premium Unleaded", "Premium Diesel", "LPG"],
      );
    } finally {
      await app.close();
    }
  });

  it("refuses the admin routes to callers that are not on this machine", async () => {
    const app = await buildSandbox({ size: 1000 });
    try {
      for (const [method, url] of [
        ["GET", "/_sandbox/requests"],
        ["DELETE", "/_sandbox/requests"],
        ["POST", "/_sandbox/faults"],
        ["DELETE", "/_sandbox/faults"],
      ] as const) {
        const remote = await app.inject({
          method,
          url,
          remoteAddress: "10.1.2.3",
          ...(method === "POST" ? { payload: { path: "/api", kind: "drop" } } : {}),
        });
        assert.equal(remote.statusCode, 403, `${method} ${url}`);
      }
      assert.equal((await app.inject({ url: "/_sandbox/requests" })).statusCode, 200);
      assert.deepEqual((await app.inject({ url: "/_sandbox/faults" })).json(), []);
    } finally {
      await app.close();
    }
  });

  it("unknown paths are 404 in the {error, message} shape", async () => {
    const app = await buildSandbox({ size: 1000 });
    try {
      const answer = await app.inject({ url: "/nothing/here" });
      assert.equal(answer.statusCode, 404);
      assert.deepEqual(Object.keys(answer.json()), ["error", "message"]);
      assert.match(answer.headers["x-correlation-id"] as string, /^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
    }
  });
});
