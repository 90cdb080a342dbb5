import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DataApiClient } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";
import {
  createReferenceLookup,
  expandReferences,
  flatten,
  type ReferenceIndex,
  type ReferenceTarget,
} from "../../src/core/table";

const doc = (entityId: string, variant: string, data: Record<string, unknown>) => ({
  id: { entityId, entityVariant: variant },
  data,
});

const BRANDS = [doc("b1", "Common", { name: "Shell" }), doc("b2", "Common", { name: "BP" })];
const GLOBAL_PRODUCTS = [doc("g1", "Global", { name: "Unleaded" }), doc("g2", "Global", { name: "Diesel" })];
const OWN_SITES = [
  doc("s1", "Own", { name: "North", brand: { entityId: "b1" } }),
  doc("s2", "Own", { name: "South", brand: { entityId: "b2" } }),
  doc("s3", "Own", { name: "East", brand: { entityId: "missing" } }),
  doc("s4", "Own", { name: "West", brand: null }),
];
const OWN_PRODUCTS = [
  doc("o1", "Own", { product: { entityId: "g1" }, site: { entityId: "s1" } }),
  doc("o2", "Own", { product: { entityId: "g2" }, site: { entityId: "s2" } }),
];

function countingLookup(): { lookup: (t: ReferenceTarget) => Promise<ReferenceIndex>; calls: ReferenceTarget[] } {
  const calls: ReferenceTarget[] = [];
  const collections: Record<string, unknown[]> = {
    "reference/brand": BRANDS,
    product: GLOBAL_PRODUCTS,
    site: OWN_SITES,
  };
  return {
    calls,
    lookup: async (target) => {
      calls.push(target);
      const documents = collections[target.collection] ?? [];
      return new Map(documents.map((d) => [(d as { id: { entityId: string } }).id.entityId, d]));
    },
  };
}

describe("reference expansion", () => {
  it("Sandpit template join: Own Site → brand name, one lookup for the brand collection", async () => {
    const { lookup, calls } = countingLookup();
    const columns = ["name", "brand.entityId", "brand.name"];
    const expanded = await expandReferences(OWN_SITES, columns, lookup);
    const table = flatten(expanded, { columns });
    assert.deepEqual(table.headers, ["data.name", "data.brand.entityId", "data.brand.name"]);
    assert.deepEqual(table.rows, [
      ["North", "b1", "Shell"],
      ["South", "b2", "BP"],
      ["East", "missing", null],
      ["West", null, null],
    ]);
    assert.deepEqual(calls, [{ collection: "reference/brand" }]);
    assert.deepEqual(OWN_SITES[0].data.brand, { entityId: "b1" }, "the input documents are not modified");
  });

  it("Sandpit template join: Own Product → Global product name and its site's name, one lookup per collection", async () => {
    const { lookup, calls } = countingLookup();
    const columns = ["id.entityId", "data.product.name", "product.entityVariant", "site.name"];
    const table = flatten(await expandReferences(OWN_PRODUCTS, columns, lookup), { columns });
    assert.deepEqual(table.rows, [
      ["o1", "Unleaded", "Global", "North"],
      ["o2", "Diesel", "Global", "South"],
    ]);
    assert.deepEqual(calls, [{ collection: "product", variant: "Global" }, { collection: "site" }]);
  });

  it("does no lookup when no column goes through a reference", async () => {
    const { lookup, calls } = countingLookup();
    await expandReferences(OWN_PRODUCTS, ["product.entityId", "entityId", "site"], lookup);
    assert.equal(calls.length, 0);
  });

  it("createReferenceLookup loads a collection once through the client (its cache), with limit=0", async () => {
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith("/api/token")) return Response.json({ accessToken: "t", expiresIn: 3600 });
      urls.push(url);
      return Response.json(url.includes("reference/brand") ? BRANDS : GLOBAL_PRODUCTS);
    }) as typeof globalThis.fetch;
    const tokens = new TokenProvider({ relayUrl: "http://relay.test", fetch });
    await tokens.connect({ environment: "sandpit", clientId: "c", clientSecret: "s", scope: "api://x/.default" });
    const client = new DataApiClient({ relayUrl: "http://relay.test", tokens, environment: () => "sandpit", fetch });
    const lookup = createReferenceLookup(client);
    await expandReferences(OWN_SITES, ["brand.name"], lookup);
    await expandReferences(OWN_SITES, ["brand.name"], createReferenceLookup(client));
    const index = await lookup({ collection: "product", variant: "Global" });
    assert.equal(index, await lookup({ collection: "product", variant: "Global" }), "the index is built once");
    assert.deepEqual(urls, [
      "http://relay.test/api/data/sandpit/reference/brand?query=(orderBy=entityId)+(limit=5000)+(offset=0)",
      "http://relay.test/api/data/sandpit/product?query=(entityVariant=Global)+(orderBy=entityId)+(limit=5000)+(offset=0)",
    ]);
  });
});
