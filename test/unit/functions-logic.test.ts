// The KALIBRATE functions' logic over an in-memory data source (test/support/memory-data.ts): which price is in
// force, how sites, products and lookup keys are found, what a cell says when there is nothing to show, and how
// many queries a calculation costs. The wiring (calc engine, relay, sandbox) is tested in
// test/integration/functions.test.ts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ArgumentError } from "../../src/functions/arguments";
import { lookupField } from "../../src/functions/lookup";
import { HISTORY_HEADERS, priceAt, priceHistory } from "../../src/functions/prices";
import { queryTable } from "../../src/functions/query";
import { installFakeOffice } from "../../src/workbench/fake-excel";
import { MemoryData } from "../support/memory-data";

// #N/A is a CustomFunctions.Error: the fake host provides the class as Excel does.
installFakeOffice(globalThis);

const site = (id: string, name: string, importCode: string, brand?: string) => ({
  id: { entityId: id, entityVariant: "Own" },
  data: { name, importCode, ...(brand ? { brand: { entityId: brand } } : {}) },
});
const global = (id: string, name: string, importCode: string) => ({
  id: { entityId: id, entityVariant: "Global" },
  data: { name, importCode },
});
const own = (id: string, siteId: string, globalId: string) => ({
  id: { entityId: id, entityVariant: "Own" },
  data: { site: { entityId: siteId }, product: { entityId: globalId } },
});
const price = (id: string, siteId: string, productId: string, value: number, when: string, variant = "Own") => ({
  id: { entityId: id, entityVariant: variant },
  data: { site: { entityId: siteId }, product: { entityId: productId }, price: value, effectiveTime: when },
});

function world() {
  return new MemoryData({
    site: [site("s1", "Bristol High Street", "OWN001", "b1"), site("s2", "Leeds Road", "OWN002")],
    product: [
      global("g1", "Diesel", "DSL"),
      global("g2", "Unleaded", "ULG"),
      own("p1", "s1", "g1"),
      own("p2", "s2", "g1"),
      own("p3", "s2", "g2"),
    ],
    price: [
      price("r1", "s1", "p1", 1.4, "2030-01-01T00:00:00Z"),
      price("r2", "s1", "p1", 1.45, "2030-01-05T00:00:00Z"),
      price("r3", "s1", "p1", 1.5, "2030-01-10T00:00:00Z"),
      price("r4", "s1", "p1", 1.6, "2030-01-07T00:00:00Z", "Proposed"),
      price("r5", "s2", "p2", 1.3, "2030-01-02T00:00:00Z"),
    ],
    "reference/brand": [{ id: { entityId: "b1", entityVariant: "Common" }, data: { name: "Kalibrate Fuels" } }],
  });
}

const at = (iso: string) => Date.parse(iso) / 86_400_000 + 25569;
const context = (data: MemoryData, maxFormulaRows = 50_000) => ({ data, maxFormulaRows });

describe("PRICE", () => {
  test("the price in force at asOf is the last one at or before it, of the variant asked", async () => {
    const rt = context(world());
    assert.equal(await priceAt(rt, "Bristol High Street", "Diesel", at("2030-01-06T00:00:00Z"), undefined), 1.45);
    assert.equal(await priceAt(rt, "OWN001", "DSL", at("2030-01-10T00:00:00Z"), undefined), 1.5);
    assert.equal(await priceAt(rt, "s1", "p1", at("2030-01-08T00:00:00Z"), "Proposed"), 1.6);
  });

  test("before the first price, and for a product the site does not sell, the cell says why", async () => {
    const rt = context(world());
    await assert.rejects(priceAt(rt, "s1", "Diesel", at("2029-12-31T00:00:00Z"), undefined), (error: Error) => {
      assert.match(error.message, /No Own price for Diesel at Bristol High Street at or before 2029-12-31 00:00 UTC/);
      return true;
    });
    await assert.rejects(
      priceAt(rt, "s1", "Unleaded", undefined, undefined),
      /Bristol High Street does not sell Unleaded/,
    );
  });

  test("an unknown site is a wrong argument, named", async () => {
    await assert.rejects(priceAt(context(world()), "Nowhere", "Diesel", undefined, undefined), ArgumentError);
  });

  test("a grid of prices asks once for the sites, once for the products and once per site's prices", async () => {
    const data = world();
    const rt = context(data);
    for (const when of ["2030-01-02", "2030-01-06", "2030-01-11"]) {
      await priceAt(rt, "s1", "Diesel", at(`${when}T00:00:00Z`), undefined);
      await priceAt(rt, "s2", "Diesel", at(`${when}T00:00:00Z`), undefined);
    }
    // Without the data client's cache every cell asks again: the memory source counts each ask.
    assert.equal(data.queries.filter((q) => q.startsWith("price ")).length, 6);
    assert.ok(
      data.queries.every((q) => q.endsWith("(limit=0)")),
      "every list is asked for whole",
    );
  });
});

describe("PRICEHISTORY", () => {
  test("the changes between from and to, oldest first, under headers", async () => {
    const rows = await priceHistory(
      context(world()),
      "s1",
      "Diesel",
      at("2030-01-02T00:00:00Z"),
      at("2030-01-10T00:00:00Z"),
      undefined,
    );
    // The fake host has CustomFunctionsRuntime 1.4: effective times and prices arrive as formatted numbers.
    const time = (iso: string) => ({ type: "FormattedNumber", basicValue: at(iso), numberFormat: "yyyy-mm-dd hh:mm" });
    const price = (value: number) => ({ type: "FormattedNumber", basicValue: value, numberFormat: "0.000" });
    assert.deepEqual(rows, [
      HISTORY_HEADERS,
      [time("2030-01-05T00:00:00Z"), price(1.45)],
      [time("2030-01-10T00:00:00Z"), price(1.5)],
    ]);
  });

  test("to before from is refused with what to do", async () => {
    await assert.rejects(
      priceHistory(context(world()), "s1", "Diesel", at("2030-01-05T00:00:00Z"), at("2030-01-01T00:00:00Z"), undefined),
      /to is before from: swap them/,
    );
  });
});

describe("LOOKUP", () => {
  test("finds by import code, by name in another letter case, and joins a reference", async () => {
    const rt = context(world());
    assert.equal(await lookupField(rt, "Site", "OWN002", "data.name"), "Leeds Road");
    assert.equal(await lookupField(rt, "Site", "bristol high street", "data.importCode"), "OWN001");
    assert.equal(await lookupField(rt, "Site", "OWN001", "data.brand.name"), "Kalibrate Fuels");
  });

  test("asks as narrowly as the key allows: an import code is found by the first query", async () => {
    const data = world();
    await lookupField(context(data), "Site", "OWN002", "data.name");
    assert.deepEqual(data.queries, ["site (importCode=OWN002)+(limit=0)"]);
  });
});

describe("QUERY", () => {
  test("spills headers and rows, a reference column joined", async () => {
    const rows = await queryTable(context(world()), "Site", "(limit=0)", "data.name,data.brand.name", undefined);
    assert.deepEqual(rows, [
      ["data.name", "data.brand.name"],
      ["Bristol High Street", "Kalibrate Fuels"],
      ["Leeds Road", ""],
    ]);
  });

  test("more rows than a formula returns points to report tables", async () => {
    await assert.rejects(
      queryTable(context(world(), 2), "Price", "(limit=10)", undefined, undefined),
      /5 rows is more than the 2 a formula returns: narrow the query, or use Insert as report/,
    );
  });

  test("nothing matching says so, unless named columns make an empty table", async () => {
    await assert.rejects(
      queryTable(context(world()), "Site", "(name=Nowhere)", undefined, undefined),
      /No site entities match \(name=Nowhere\)/,
    );
    assert.deepEqual(await queryTable(context(world()), "Site", "(name=Nowhere)", "data.name", undefined), [
      ["data.name"],
    ]);
  });
});
