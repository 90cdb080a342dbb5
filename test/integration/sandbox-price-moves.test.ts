// The sandbox's price-move admin route over real HTTP: a move is a new price the Data API serves at once, the
// product's current price follows it, a bad move changes nothing, and only loopback callers may move prices.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSandbox, type KalibrateDocument, type RunningSandbox } from "../../src/sandbox/server";
import { sandboxToken } from "../support/sandbox-token";

let sandbox: RunningSandbox;
let token: string;
const NOW = Date.parse("2026-01-15T06:00:00Z");

before(async () => {
  sandbox = await startSandbox({ port: 0, size: 2000, now: () => NOW });
  token = await sandboxToken(sandbox.tokenUrl, sandbox.config.clients[0]);
});

after(() => sandbox.close());

const move = (body: unknown) =>
  fetch(`${sandbox.url}/_sandbox/price-moves`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function query(collection: string, q: string): Promise<KalibrateDocument[]> {
  const response = await fetch(`${sandbox.apiUrl}/${collection}?query=${encodeURIComponent(q)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()) as KalibrateDocument[];
}

function ownDiesel(site = sandbox.data.ownSites[0]) {
  const diesel = sandbox.data.globalProducts.find((p) => p.data.name === "Diesel")!;
  const offer = sandbox.data.ownProducts.find(
    (p) =>
      (p.data.site as { entityId: string }).entityId === site.id.entityId &&
      (p.data.product as { entityId: string }).entityId === diesel.id.entityId,
  )!;
  return { site, diesel, offer };
}

describe("POST /_sandbox/price-moves", () => {
  it("adds a price effective at the sandbox's clock, and the product's current price follows", async () => {
    const { site, diesel, offer } = ownDiesel();
    const was = offer.data.currentPrice as number;
    const response = await move({
      moves: [{ siteID: String(site.data.importCode), productCode: String(diesel.data.importCode), price: was + 0.02 }],
    });
    assert.equal(response.status, 201);
    const { moved } = (await response.json()) as { moved: Array<{ entityId: string; effectiveTime: string }> };
    assert.equal(moved.length, 1);
    assert.equal(moved[0].effectiveTime, "2026-01-15T06:00:00Z");
    const prices = await query("Price", `(site.entityId=${site.id.entityId})+(effectiveTime>=2026-01-01)+(limit=0)`);
    assert.deepEqual(
      prices.map((p) => [p.id.entityId, p.data.price]),
      [[moved[0].entityId, was + 0.02]],
    );
    const [product] = await query("Product", `(entityId=${offer.id.entityId})`);
    assert.equal(product.data.currentPrice, was + 0.02);
  });

  it("a move that names an unknown site moves nothing, and says which move was wrong", async () => {
    const { site, diesel } = ownDiesel();
    const before = sandbox.data.count("Price");
    const response = await move({
      moves: [
        { siteID: String(site.data.importCode), productCode: String(diesel.data.importCode), price: 1.111 },
        { siteID: "NOSUCH", productCode: String(diesel.data.importCode), price: 1.2 },
      ],
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /No price moved: move 1: siteID "NOSUCH"/);
    assert.equal(sandbox.data.count("Price"), before);
  });

  it("a competitor move is a competitor price", async () => {
    const site = sandbox.data.competitorSites[0];
    const offer = sandbox.data.competitorProducts.find(
      (p) => (p.data.site as { entityId: string }).entityId === site.id.entityId,
    )!;
    const product = sandbox.data.globalProducts.find(
      (p) => p.id.entityId === (offer.data.product as { entityId: string }).entityId,
    )!;
    const response = await move({
      moves: [
        {
          siteID: String(site.data.importCode),
          productCode: String(product.data.importCode),
          price: 1.5,
          variant: "Competitor",
        },
      ],
    });
    assert.equal(response.status, 201);
    const prices = await query(
      "Price",
      `(entityVariant=Competitor)+(site.entityId=${site.id.entityId})+(effectiveTime>=2026-01-01)`,
    );
    assert.deepEqual(
      prices.map((p) => p.data.price),
      [1.5],
    );
  });

  it("refuses a body that is not a list of moves", async () => {
    const response = await move({ moves: [{ siteID: "OWN0001", price: "high" }] });
    assert.equal(response.status, 400);
  });
});

describe("what the sandbox keeps between queries", () => {
  it("a query ordered or filtered by the current price answers in the new order after a move (nothing kept is stale)", async () => {
    const q = "(entityVariant=Own)+(orderBy=currentPrice)+(direction=descending)+(limit=0)";
    const first = await query("Product", q);
    // Another site than the tests above use, so their price lists are not touched.
    const { site, diesel, offer } = ownDiesel(sandbox.data.ownSites[1]);
    const top = first[0].data.currentPrice as number;
    assert.notEqual(first[0].id.entityId, offer.id.entityId, "the moved product is not already first");
    const response = await move({
      moves: [{ siteID: String(site.data.importCode), productCode: String(diesel.data.importCode), price: top + 1 }],
    });
    assert.equal(response.status, 201);
    const again = await query("Product", q);
    assert.equal(again[0].id.entityId, offer.id.entityId, "the moved product now has the highest price");
    const above = await query("Product", `(entityVariant=Own)+(currentPrice>${top + 0.5})+(limit=0)`);
    assert.deepEqual(
      above.map((p) => p.id.entityId),
      [offer.id.entityId],
    );
  });
});
