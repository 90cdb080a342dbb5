// PRICE over the real data client and a scripted relay: a big grid costs one request per site, recalculating it costs
// none (the cache keeps every price list until Refresh), and sites and products are found through one index per list.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DataApiClient } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";
import { priceAt } from "../../src/functions/prices";
import { findByKey, keyIndex, type Entity } from "../../src/functions/entities";

const RELAY = "http://relay.test";
const GLOBALS = ["Diesel", "Unleaded", "Super", "LPG"];

function world(sites: number) {
  const site = (i: number) => ({ id: { entityId: `site-${i}`, entityVariant: "Own" }, data: { name: `Site ${i}` } });
  const global = (name: string) => ({ id: { entityId: `g-${name}`, entityVariant: "Global" }, data: { name } });
  const own = (i: number, name: string) => ({
    id: { entityId: `p-${i}-${name}`, entityVariant: "Own" },
    data: { site: { entityId: `site-${i}` }, product: { entityId: `g-${name}` } },
  });
  const price = (i: number, name: string, day: number) => ({
    id: { entityId: `pr-${i}-${name}-${day}`, entityVariant: "Own" },
    data: {
      site: { entityId: `site-${i}` },
      product: { entityId: `p-${i}-${name}` },
      price: i + day / 10,
      effectiveTime: `2024-01-0${day}T00:00:00Z`,
    },
  });
  const range = Array.from({ length: sites }, (_, i) => i);
  return {
    site: range.map(site),
    product: [...GLOBALS.map(global), ...range.flatMap((i) => GLOBALS.map((name) => own(i, name)))],
    price: range.flatMap((i) => GLOBALS.flatMap((name) => [1, 2, 3].map((day) => price(i, name, day)))),
  };
}

/** The relay's data route over `world`, honouring the site filter, limit and offset PRICE and paging send. */
function relay(data: ReturnType<typeof world>) {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    if (url.pathname === "/api/token") return Response.json({ accessToken: "t", expiresIn: 3600 });
    urls.push(url.href);
    const collection = url.pathname.split("/").pop() as keyof typeof data;
    const query = decodeURIComponent(url.search.slice("?query=".length));
    const siteId = /\(site\.entityId=([^)]+)\)/.exec(query)?.[1];
    const limit = Number(/\(limit=(\d+)\)/.exec(query)?.[1] ?? 1000);
    const offset = Number(/\(offset=(\d+)\)/.exec(query)?.[1] ?? 0);
    const all = (data[collection] as Entity[]).filter(
      (d) => siteId === undefined || (d.data.site as { entityId: string }).entityId === siteId,
    );
    return Response.json(limit === 0 ? all.slice(offset) : all.slice(offset, offset + limit));
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

async function context(fake: ReturnType<typeof relay>) {
  const tokens = new TokenProvider({ relayUrl: RELAY, fetch: fake.fetch });
  await tokens.connect({ environment: "sandbox", clientId: "c", clientSecret: "s", scope: "api://x/.default" });
  const data = new DataApiClient({ relayUrl: RELAY, tokens, environment: () => "sandbox", fetch: fake.fetch });
  return { data, maxFormulaRows: 50_000 };
}

describe("PRICE grids", () => {
  it("a 400 × 20 grid costs one request per site plus the site and product lists, and recalculating it costs 0", async () => {
    const SITES = 400;
    const fake = relay(world(SITES));
    const rt = await context(fake);
    const cells = Array.from({ length: SITES }, (_, i) =>
      Array.from({ length: 20 }, (_, c) => ({
        site: `Site ${i}`,
        product: GLOBALS[c % 4],
        asOf: `2024-01-0${1 + (c % 3)}`,
      })),
    ).flat();
    const grid = () => Promise.all(cells.map((cell) => priceAt(rt, cell.site, cell.product, cell.asOf, undefined)));
    const first = await grid();
    assert.equal(fake.urls.length, SITES + 2);
    assert.equal(first[0], 0.1, "Site 0's Diesel on 1 January");
    assert.equal(first[20 * 399 + 5], 399 + 0.3, "Site 399's Unleaded (column 6) on 3 January");
    const again = await grid();
    assert.equal(fake.urls.length, SITES + 2, "recalculation without Refresh sends no request");
    assert.deepEqual(again, first);
    rt.data.clearCache();
    await grid();
    assert.equal(fake.urls.length, 2 * (SITES + 2), "after Refresh the grid is fetched again");
  });
});

describe("KeyIndex", () => {
  const entities: Entity[] = [
    { id: { entityId: "A-1" }, data: { name: "Bristol", importCode: "BR1" } },
    { id: { entityId: "B-2" }, data: { name: "Bath", importCode: "bristol" } },
    { id: { entityId: "C-3" }, data: { name: "Cardiff", importCode: "CF" } },
    { id: { entityId: "D-4" }, data: { name: "cf" } },
  ];

  it("finds by entityId, import code or name in any letter case", () => {
    assert.equal(findByKey(entities, "a-1", "site").id.entityId, "A-1");
    assert.equal(findByKey(entities, "br1", "site").id.entityId, "A-1");
    assert.equal(findByKey(entities, "CARDIFF", "site").id.entityId, "C-3");
  });

  it("an entityId wins over another entity's name; a key two entities share is refused with a way out", () => {
    assert.throws(() => findByKey(entities, "Bristol", "site"), /"Bristol" names 2 sites; use its entityId/);
    assert.throws(() => findByKey(entities, "cf", "site"), /names 2 sites/);
    assert.throws(() => findByKey(entities, "Leeds", "site"), /No site has the entityId, import code or name "Leeds"/);
  });

  it("is built once per list and kept with it", () => {
    assert.equal(keyIndex(entities), keyIndex(entities));
    assert.notEqual(keyIndex(entities), keyIndex([...entities]));
  });
});
