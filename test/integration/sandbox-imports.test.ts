// Imports over real HTTP: rights, body checks, asynchronous processing, operation status with rejected records,
// and accepted records appearing in the collections.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { startSandbox, type KalibrateDocument, type RunningSandbox } from "../../src/sandbox/server";
import { sandboxToken } from "../support/sandbox-token";

let sandbox: RunningSandbox;
const tokens: Record<string, string> = {};

before(async () => {
  sandbox = await startSandbox({ port: 0, size: 2000 });
  for (const client of sandbox.config.clients) {
    tokens[client.rights] = await sandboxToken(sandbox.tokenUrl, client);
  }
});

after(() => sandbox.close());

interface Operation {
  operationId: string;
  kind: string;
  status: string;
  recordCount: number;
  acceptedCount: number;
  rejectedCount: number;
  accepted: { index: number; entityId: string }[];
  rejected: { index: number; reasons: string[] }[];
}

async function post(kind: string, body: unknown, rights = "ReadWrite", raw?: string) {
  const response = await fetch(`${sandbox.apiUrl}/import/${kind}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens[rights]}`, "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sandbox.apiUrl}/${path}`, { headers: { authorization: `Bearer ${tokens.Read}` } });
  return { status: response.status, body: (await response.json()) as T };
}

/** Polls the operation until it leaves Queued (imports are processed shortly after they are accepted). */
async function settled(operationId: string): Promise<Operation> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { status, body } = await api<Operation>(`import/operations/${operationId}`);
    assert.equal(status, 200);
    if (body.status !== "Queued") return body;
    await sleep(25);
  }
  assert.fail(`operation ${operationId} never finished`);
}

async function imported(kind: string, records: unknown): Promise<Operation> {
  const answer = await post(kind, records);
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  assert.deepEqual(Object.keys(answer.body), ["operationId"]);
  return settled(answer.body.operationId as string);
}

const own = () => sandbox.data.ownSites[1];
const importCode = (doc: KalibrateDocument) => doc.data.importCode as string;

describe("rights", () => {
  it("a Read client gets 403 on every import", async () => {
    for (const kind of ["competitorPrice", "ownPrice", "salesVolume", "costBreakdown"]) {
      const answer = await post(kind, [{}], "Read");
      assert.equal(answer.status, 403, kind);
      assert.equal(answer.body.error, "Forbidden");
      assert.match(answer.body.message as string, /ReadWrite/);
    }
  });

  it("no token is 401, before anything else", async () => {
    const response = await fetch(`${sandbox.apiUrl}/import/ownPrice`, { method: "POST", body: "[]" });
    assert.equal(response.status, 401);
  });
});

describe("accepted records appear in the collections", () => {
  it("ownPrice: 202, then Completed, then visible in Price (Own) and as the product's current price", async () => {
    const site = own();
    const product = sandbox.data.ownProducts.find(
      (p) => (p.data.site as { entityId: string }).entityId === site.id.entityId,
    )!;
    const code = sandbox.data.globalProducts.find(
      (g) => g.id.entityId === (product.data.product as { entityId: string }).entityId,
    )!.data.importCode as string;
    const operation = await imported("ownPrice", [
      {
        siteID: importCode(site),
        productCode: code,
        price: 1.111,
        effectiveTime: "2030-01-01T08:00:00Z",
        source: "Till",
      },
    ]);
    assert.equal(operation.status, "Completed");
    assert.equal(operation.kind, "ownPrice");
    assert.equal(operation.acceptedCount, 1);
    const [price] = (await api<KalibrateDocument[]>(`price?query=(entityId=${operation.accepted[0].entityId})`)).body;
    assert.equal(price.id.entityVariant, "Own");
    assert.equal(price.data.price, 1.111);
    assert.equal(price.data.effectiveTime, "2030-01-01T08:00:00Z");
    assert.equal(price.data.source, "Till");
    assert.deepEqual(price.data.site, { entityId: site.id.entityId });
    assert.deepEqual(price.data.product, { entityId: product.id.entityId });
    const [updated] = (await api<KalibrateDocument[]>(`product?query=(entityId=${product.id.entityId})`)).body;
    assert.equal(updated.data.currentPrice, 1.111);
    assert.equal(updated.data.currentPriceEffectiveTime, "2030-01-01T08:00:00Z");
  });

  it("competitorPrice wrapped as {records: […]}: visible in Price (Competitor) for the competitor product", async () => {
    const site = sandbox.data.competitorSites[2];
    const operation = await imported("competitorPrice", {
      records: [
        {
          siteID: importCode(site),
          productCode: "DSL",
          price: 1.5,
          effectiveTime: "2025-07-01",
          brand: "Survey brand",
        },
      ],
    });
    assert.equal(operation.status, "Completed");
    const prices = (
      await api<KalibrateDocument[]>(
        `price?query=(entityVariant=Competitor)+(site.entityId=${site.id.entityId})+(effectiveTime>=2025-07-01)`,
      )
    ).body;
    assert.deepEqual(
      prices.map((p) => p.id.entityId),
      [operation.accepted[0].entityId],
    );
    const competitorProduct = sandbox.data.competitorProducts.find(
      (p) => p.id.entityId === (prices[0].data.product as { entityId: string }).entityId,
    );
    assert.deepEqual(competitorProduct?.data.site, { entityId: site.id.entityId });
  });

  it("salesVolume: visible in Volume (Sales)", async () => {
    const operation = await imported("salesVolume", [
      { siteID: importCode(own()), productCode: "ULP", volume: 4321, effectiveTime: "2025-07-02" },
    ]);
    assert.equal(operation.status, "Completed");
    const [volume] = (await api<KalibrateDocument[]>(`volume?query=(entityId=${operation.accepted[0].entityId})`)).body;
    assert.equal(volume.id.entityVariant, "Sales");
    assert.equal(volume.data.volume, 4321);
  });

  it("costBreakdown: visible in Price (Cost) with its breakdown", async () => {
    const breakdown = [
      { name: "Product", value: 0.6 },
      { name: "Duty", value: 0.5295 },
      { name: "Delivery", value: 0.0205 },
    ];
    const operation = await imported("costBreakdown", [
      {
        siteID: importCode(own()),
        productCode: "ULP",
        cost: 1.15,
        effectiveTime: "2025-07-02T06:00:00Z",
        currencyUnit: "GBP",
        breakdown,
      },
    ]);
    assert.equal(operation.status, "Completed");
    const [cost] = (await api<KalibrateDocument[]>(`price?query=(entityId=${operation.accepted[0].entityId})`)).body;
    assert.equal(cost.id.entityVariant, "Cost");
    assert.equal(cost.data.price, 1.15);
    assert.deepEqual(cost.data.breakdown, breakdown);
  });
});

describe("operation status reports rejected records with reasons", () => {
  it("a mixed batch is CompletedWithErrors; each rejected record says why", async () => {
    const site = importCode(own());
    const operation = await imported("ownPrice", [
      { siteID: site, productCode: "ULP", price: 1.2, effectiveTime: "2025-07-03T07:00:00Z" },
      { siteID: "X".repeat(21), productCode: "ULP", price: 1.2, effectiveTime: "2025-07-03" },
      { siteID: site, productCode: "ULP", price: "cheap", effectiveTime: "yesterday", colour: "red" },
      { siteID: "NOPE", productCode: "ZZZ", price: 1.2, effectiveTime: "2025-07-03" },
      "not a record",
    ]);
    assert.equal(operation.status, "CompletedWithErrors");
    assert.equal(operation.recordCount, 5);
    assert.equal(operation.acceptedCount, 1);
    assert.equal(operation.rejectedCount, 4);
    assert.deepEqual(
      operation.accepted.map((a) => a.index),
      [0],
    );
    const reasons = new Map(operation.rejected.map((r) => [r.index, r.reasons.join(" | ")]));
    assert.match(reasons.get(1)!, /"siteID" is 21 characters long; the limit is 20/);
    assert.match(reasons.get(2)!, /unknown field "colour"/);
    assert.match(reasons.get(2)!, /"price" must be a number/);
    assert.match(reasons.get(2)!, /"effectiveTime" must be an ISO date/);
    assert.match(reasons.get(3)!, /siteID "NOPE" is not the importCode of any own site/);
    assert.match(reasons.get(3)!, /productCode "ZZZ"/);
    assert.match(reasons.get(4)!, /must be a JSON object/);
  });

  it("every documented length limit is enforced", async () => {
    const site = importCode(sandbox.data.competitorSites[0]);
    const base = { siteID: site, productCode: "ULP", price: 1.3, effectiveTime: "2025-07-03" };
    const operation = await imported("competitorPrice", [
      { ...base, brand: "b".repeat(101) },
      { ...base, productCode: "p".repeat(21) },
      { ...base, source: "s".repeat(21) },
      { ...base, origin: "o".repeat(51) },
      { ...base, currencyUnit: "GBPX" },
      { ...base, brand: "b".repeat(100), source: "s".repeat(20), origin: "o".repeat(50), currencyUnit: "EUR" },
    ]);
    const reasons = operation.rejected.map((r) => r.reasons.join(" | "));
    assert.match(reasons[0], /"brand" is 101 characters long; the limit is 100/);
    assert.match(reasons[1], /"productCode" is 21 characters long; the limit is 20/);
    assert.match(reasons[2], /"source" is 21 characters long; the limit is 20/);
    assert.match(reasons[3], /"origin" is 51 characters long; the limit is 50/);
    assert.match(reasons[4], /"currencyUnit" is 4 characters long; the limit is 3/);
    assert.deepEqual(
      operation.accepted.map((a) => a.index),
      [5],
    );
  });

  it("an all-bad batch is Failed; a breakdown that does not add up is rejected", async () => {
    const operation = await imported("costBreakdown", [
      {
        siteID: importCode(own()),
        productCode: "ULP",
        cost: 1,
        effectiveTime: "2025-07-03",
        breakdown: [{ name: "Duty", value: 0.5 }],
      },
    ]);
    assert.equal(operation.status, "Failed");
    assert.match(operation.rejected[0].reasons[0], /adds up to 0\.5, not the cost 1/);
  });

  it("a product the site does not sell is rejected", async () => {
    const withoutLpg = sandbox.data.ownSites.find(
      (site) =>
        !sandbox.data.ownProducts.some(
          (p) =>
            (p.data.site as { entityId: string }).entityId === site.id.entityId &&
            (p.data.product as { entityId: string }).entityId ===
              sandbox.data.globalProducts.find((g) => g.data.importCode === "LPG")!.id.entityId,
        ),
    )!;
    const operation = await imported("ownPrice", [
      { siteID: importCode(withoutLpg), productCode: "LPG", price: 0.9, effectiveTime: "2025-07-03" },
    ]);
    assert.match(operation.rejected[0].reasons[0], /does not sell LPG/);
  });
});

describe("bad import calls", () => {
  it("a body that is neither an array nor {records} is 400", async () => {
    const answer = await post("ownPrice", { record: [] });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, "InvalidImportBody");
  });

  it("an empty batch is 400", async () => {
    assert.equal((await post("ownPrice", [])).status, 400);
  });

  it("malformed JSON is 400 with the {error, message} shape", async () => {
    const answer = await post("ownPrice", undefined, "ReadWrite", "[{");
    assert.equal(answer.status, 400);
    assert.equal(typeof answer.body.error, "string");
    assert.equal(typeof answer.body.message, "string");
  });

  it("an unknown import kind is 404", async () => {
    const answer = await post("competitorPrices", [{}]);
    assert.equal(answer.status, 404);
    assert.match(answer.body.message as string, /competitorPrice, ownPrice, salesVolume, costBreakdown/);
  });

  it("an unknown operation id is 404", async () => {
    const answer = await api<{ error: string }>("import/operations/00000000-0000-4000-8000-000000000000");
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error, "UnknownOperation");
  });

  it("more than 10,000 records is 413", async () => {
    const record = { siteID: "OWN0001", productCode: "ULP", price: 1, effectiveTime: "2025-07-03" };
    const answer = await post(
      "ownPrice",
      Array.from({ length: 10_001 }, () => record),
    );
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error, "TooManyRecords");
  });
});
