// KALIBRATE functions end to end in Node: formulas typed into the fake Excel host's calc engine, the real functions
// module, the runtime's token provider and data client, real HTTP through the relay to the sandbox.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FakeExcelHandle } from "../../src/workbench/fake-excel";
import { startFunctionsHost, type FunctionsHost } from "../support/functions-host";
import type { Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";

let fh: FunctionsHost;
let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
const wb = () => host.workbook;
const type = (address: string, formula: string) => fh.type(address, formula);

const errorOf = (address: string) => wb().getCellState(address).error;

before(async () => {
  fh = await startFunctionsHost();
  ({ stack, host, rt } = fh);
});
after(async () => {
  await fh?.close();
});

describe("before connecting", () => {
  test("a KALIBRATE cell says to connect in the pane, and nothing was sent", async () => {
    await type("A1", '=KALIBRATE.QUERY("Site")');
    assert.equal(errorOf("A1")?.code, "#N/A");
    assert.match(errorOf("A1")?.message ?? "", /Connect in the Kalibrate pane/);
    assert.equal(rt.requestCount(), 0);
  });

  test("a wrong secret is refused with a reason that says what to check", async () => {
    await assert.rejects(rt.tokens.connect({ ...stack.reader, clientSecret: "wrong" }), /secret/i);
    assert.equal(rt.tokens.status.state === "connected", false);
  });
});

describe("connected with the sandbox credentials", () => {
  before(async () => {
    await rt.tokens.connect(stack.reader);
  });

  test("the tutorial's own-product query joins global product names", async () => {
    await type(
      "A1",
      '=KALIBRATE.QUERY("Product","(entityVariant=Own)+(limit=0)","id.entityId,data.name,data.product.name")',
    );
    const values = wb().getValues("A1:C1");
    assert.deepEqual(values[0], ["id.entityId", "data.name", "data.product.name"]);
    const own = stack.sandbox.data.ownProducts;
    const spilled = wb().getValues(`A2:C${own.length + 1}`);
    const globalName = new Map(stack.sandbox.data.globalProducts.map((g) => [g.id.entityId, g.data.name]));
    const expected = new Map(
      own.map((p) => [p.id.entityId, globalName.get((p.data.product as { entityId: string }).entityId)]),
    );
    assert.equal(spilled.length, own.length);
    for (const [id, , productName] of spilled) assert.equal(productName, expected.get(String(id)));
    assert.equal(wb().getValues(`A${own.length + 2}`)[0][0], "", "the spill stops after the last product");
  });

  test("own sites with their brand names, as the template's join does", async () => {
    await type("E1", '=KALIBRATE.QUERY("Site","(entityVariant=Own)+(limit=0)","data.name,data.brand.name",FALSE)');
    const sites = stack.sandbox.data.ownSites;
    const rows = wb().getValues(`E1:F${sites.length}`);
    const brandName = new Map(stack.sandbox.data.brands.map((b) => [b.id.entityId, b.data.name]));
    const withBrand = sites.filter((s) => s.data.brand).length;
    assert.ok(withBrand / sites.length > 0.8, "nearly all sandbox sites have a brand");
    const byName = new Map(rows.map(([name, brand]) => [name, brand]));
    for (const site of sites) {
      const brand = site.data.brand as { entityId: string } | null;
      assert.equal(byName.get(site.data.name as string), brand ? brandName.get(brand.entityId) : "");
    }
  });

  test("PRICE over a grid of sites and products matches each own product's current price, one request per site", async () => {
    const sites = stack.sandbox.data.ownSites.slice(0, 5);
    const globals = stack.sandbox.data.globalProducts.slice(0, 3);
    const before = rt.requestCount();
    sites.forEach((site, r) => {
      globals.forEach((g, c) => {
        wb().setCell(
          `${String.fromCharCode(72 + c)}${r + 1}`,
          `=KALIBRATE.PRICE("${site.data.name}","${g.data.name}")`,
        );
      });
    });
    await wb().idle();
    await rt.idle();
    sites.forEach((site, r) => {
      globals.forEach((g, c) => {
        const own = stack.sandbox.data.ownProducts.find(
          (p) =>
            (p.data.site as { entityId: string }).entityId === site.id.entityId &&
            (p.data.product as { entityId: string }).entityId === g.id.entityId,
        );
        const cell = wb().getCellState(`${String.fromCharCode(72 + c)}${r + 1}`);
        if (own) assert.equal(cell.value, own.data.currentPrice, `${site.data.name} / ${g.data.name}`);
        else assert.match(cell.error?.message ?? "", /does not sell/);
      });
    });
    const made = rt.requestCount() - before;
    assert.ok(made <= sites.length + 2, `${made} requests for ${sites.length} sites`);
  });

  test("a second recalculation costs no request; Refresh fetches again", async () => {
    const before = rt.requestCount();
    wb().recalc();
    await wb().idle();
    await rt.idle();
    assert.equal(rt.requestCount(), before);
    const { refreshAll } = await import("../../src/commands/refresh");
    const report = await refreshAll(rt);
    assert.ok(report.cells >= 15 && report.requests > 0, JSON.stringify(report));
  });

  test("PRICEHISTORY spills effective times and prices in order, within the window", async () => {
    const site = stack.sandbox.data.ownSites[0];
    const fromMs = Date.parse(stack.sandbox.data.dataEnd) - 30 * 86_400_000;
    const from = new Date(fromMs).toISOString().slice(0, 10);
    await type("M1", `=KALIBRATE.PRICEHISTORY("${site.id.entityId}","Diesel","${from}")`);
    const column = wb().getValues("M1:N400");
    assert.deepEqual(column[0], ["Effective time", "Price"]);
    const rows = column.slice(1).filter(([time]) => time !== "");
    assert.ok(rows.length >= 2, `${rows.length} changes in 30 days`);
    const fromSerial = fromMs / 86_400_000 + 25569;
    rows.forEach(([time, price], i) => {
      assert.equal(typeof price, "number");
      assert.ok((time as number) >= fromSerial);
      if (i > 0) assert.ok((time as number) >= (rows[i - 1][0] as number), "oldest first");
    });
  });

  test("LOOKUP finds a site by name and follows its brand reference", async () => {
    const site = stack.sandbox.data.ownSites.find((s) => s.data.brand)!;
    const brand = stack.sandbox.data.brands.find(
      (b) => b.id.entityId === (site.data.brand as { entityId: string }).entityId,
    )!;
    await type("P1", `=KALIBRATE.LOOKUP("Site","${site.data.name}","data.brand.name")`);
    assert.equal(wb().getCellState("P1").value, brand.data.name);
    await type("P2", `=KALIBRATE.LOOKUP("Site","${String(site.data.name).toUpperCase()}","latitude")`);
    assert.equal(wb().getCellState("P2").value, site.data.latitude, "a name in another letter case is found");
  });

  test("bad arguments and queries give #VALUE! with the reason", async () => {
    await type("R1", '=KALIBRATE.QUERY("Nope")');
    assert.equal(errorOf("R1")?.code, "#VALUE!");
    assert.match(errorOf("R1")?.message ?? "", /not a Kalibrate collection/);
    await type("R2", '=KALIBRATE.QUERY("Price","(price=>1.2)")');
    assert.equal(errorOf("R2")?.code, "#VALUE!");
    assert.match(errorOf("R2")?.message ?? "", /did you mean `>=`/);
    await type("R3", '=KALIBRATE.PRICE("No Such Site","Diesel")');
    assert.match(errorOf("R3")?.message ?? "", /No site has/);
    await type("R4", '=KALIBRATE.PRICE("x","Diesel","not a date")');
    assert.match(errorOf("R4")?.message ?? "", /not a date/);
  });

  test("results past the row cap give #N/A pointing to report tables", async () => {
    rt.maxFormulaRows = 10;
    try {
      await type("T1", '=KALIBRATE.QUERY("Site","(limit=20)")');
      assert.equal(errorOf("T1")?.code, "#N/A");
      assert.match(errorOf("T1")?.message ?? "", /Insert as report/);
    } finally {
      rt.maxFormulaRows = 50_000;
    }
  });

  test("VERSION answers without any request", async () => {
    await type("V1", "=KALIBRATE.VERSION()");
    assert.match(String(wb().getCellState("V1").value), /^\d+\.\d+\.\d+$/);
  });
});
