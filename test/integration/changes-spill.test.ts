// What moved in spilled results, in Node: a KALIBRATE.QUERY of own products ordered by price (so a move re-orders
// it) and a PRICEHISTORY list in the fake Excel host, the real functions, data client, relay and sandbox; prices move
// through the sandbox's POST /_sandbox/price-moves; Refresh marks exactly the moved spilled cells (matched by entity
// id, not by position) and the history's new row, with the previous values in the change list. On an Excel without
// ExcelApi 1.12 the own cells are compared and the listing says spilled results were not.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { conditionalFormatsOf } from "../../src/workbench/fake-excel/conditional-formats";
import { startFunctionsHost, type FunctionsHost } from "../support/functions-host";
import { movePrices } from "../support/price-moves";
import type { ChangeService } from "../../src/changes/service";
import type { Runtime } from "../../src/runtime";

let fx: FunctionsHost;
let rt: Runtime;
let changes: ChangeService;
let refresh: (rt: Runtime) => Promise<string>;
const wb = () => fx.host.workbook;

const QUERY =
  '=KALIBRATE.QUERY("Product","(entityVariant=Own)+(orderBy=currentPrice)+(direction=descending)+(limit=0)",' +
  '"id.entityId,data.site.importCode,data.name,data.currentPrice")';
const HISTORY = '=KALIBRATE.PRICEHISTORY("OWN0001","Diesel",DATE(2000,1,1))';

/** The QUERY's spill as the sheet shows it now: header row, then rows. */
function querySpill(): unknown[][] {
  const values = wb().getValues("Sheet1!A1:D2000");
  return values.slice(0, values.findIndex((row) => row[0] === "") >>> 0 || values.length);
}

/** The 0-based row in the QUERY's spill of the own product of a site and product name. */
function rowOf(spill: unknown[][], site: string, product: string): number {
  const row = spill.findIndex((r) => r[1] === site && r[2] === product);
  assert.ok(row > 0, `${site} ${product} is in the QUERY's result`);
  return row;
}

const marks = () =>
  conditionalFormatsOf(wb()._model)
    .filter((f) => f.sheet.name === "Sheet1")
    .map((f) => `${f.rect.row},${f.rect.col},${f.rect.rows}x${f.rect.cols}`)
    .sort();

before(async () => {
  fx = await startFunctionsHost({ sandbox: { size: 2000 } });
  rt = fx.rt;
  changes = (await import("../../src/composition")).changeService(rt);
  refresh = (await import("../../src/commands/refresh")).refreshAndDescribe;
  await rt.tokens.connect(fx.stack.reader);
  await fx.type("Sheet1!A1", QUERY);
  await fx.type("Sheet1!G1", HISTORY);
  await wb().idle();
});

after(async () => {
  await fx?.close();
});

describe("what moved in spilled results", () => {
  test("a refresh with nothing moved lists and marks nothing in the spills", async () => {
    const spill = querySpill();
    assert.ok(spill.length > 10, `the QUERY spills its rows (${spill.length})`);
    assert.deepEqual(spill[0], ["id.entityId", "data.site.importCode", "data.name", "data.currentPrice"]);
    await refresh(rt);
    const listing = await changes.listing();
    assert.deepEqual(
      listing.changes.filter((c) => c.source === "cell"),
      [],
    );
    assert.deepEqual(listing.untracked, []);
    assert.deepEqual(marks(), []);
  });

  test("Refresh marks exactly the moved spilled cells, by entity id, with their previous values", async () => {
    const spillBefore = querySpill();
    const diesel = spillBefore[rowOf(spillBefore, "OWN0001", "Diesel")];
    const unleaded = spillBefore[rowOf(spillBefore, "OWN0002", "Unleaded")];
    const historyRows = wb()
      .getValues("Sheet1!G1:H500")
      .findIndex((row) => row[0] === "");
    const up = Math.round(((diesel[3] as number) + 0.2) * 1000) / 1000;
    const down = Math.round(((unleaded[3] as number) - 0.3) * 1000) / 1000;
    // An hour ago: strictly the latest price, whatever the clock's second.
    const effectiveTime = new Date(Date.now() - 3_600_000).toISOString();
    await movePrices(fx.stack.sandbox.url, [
      { siteID: "OWN0001", productCode: "DSL", price: up, effectiveTime },
      { siteID: "OWN0002", productCode: "ULP", price: down, effectiveTime },
    ]);
    await refresh(rt);
    const spill = querySpill();
    const dieselRow = rowOf(spill, "OWN0001", "Diesel");
    const unleadedRow = rowOf(spill, "OWN0002", "Unleaded");
    assert.equal(spill[dieselRow][3], up);
    assert.equal(spill.length, spillBefore.length, "the same products");
    assert.notDeepEqual(
      spill.map((r) => r[0]),
      spillBefore.map((r) => r[0]),
      "the moves re-ordered the result (ordered by price): by position many rows would have moved",
    );
    const listing = await changes.listing();
    const cells = listing.changes.filter((c) => c.source === "cell");
    const fromQuery = cells.filter((c) => c.where === QUERY);
    assert.deepEqual(
      fromQuery.map((c) => [c.address, c.direction, c.before, c.after, c.site, c.product, c.column]).sort(),
      [
        [`Sheet1!D${dieselRow + 1}`, "up", diesel[3], up, "OWN0001", "Diesel", "data.currentPrice"],
        [`Sheet1!D${unleadedRow + 1}`, "down", unleaded[3], down, "OWN0002", "Unleaded", "data.currentPrice"],
      ].sort(),
    );
    assert.ok(Math.abs(fromQuery.find((c) => c.direction === "down")!.delta! + 0.3) < 1e-9);
    // The history gained a row at its end (no id column: compared by position).
    const fromHistory = cells.filter((c) => c.where === HISTORY);
    assert.deepEqual(
      fromHistory.map((c) => [c.direction, c.address]),
      [["appeared", `Sheet1!G${historyRows + 1}:H${historyRows + 1}`]],
    );
    assert.equal(cells.length, 3, "nothing else is listed");
    assert.deepEqual(
      marks(),
      [`${dieselRow},3,1x1`, `${unleadedRow},3,1x1`, `${historyRows},6,1x2`].sort(),
      "exactly the moved spilled cells and the new row are marked",
    );
  });
});

describe("what moved in spilled results on an Excel without ExcelApi 1.12", () => {
  test("only own cells are compared, and the listing says spilled results were not", async () => {
    const requirements = (
      globalThis as unknown as { Office: { context: { requirements: Office.RequirementSetSupport } } }
    ).Office.context.requirements;
    const original = requirements.isSetSupported;
    requirements.isSetSupported = ((name: string, version?: string) =>
      name === "ExcelApi" && Number(String(version).split(".")[1] ?? 0) >= 12
        ? false
        : original(name, version)) as typeof original;
    try {
      await refresh(rt);
      const listing = await changes.listing();
      assert.deepEqual(
        listing.untracked.map((u) => u.where),
        ["Spilled results"],
      );
      assert.match(listing.untracked[0].reason, /needs ExcelApi 1\.12/);
    } finally {
      requirements.isSetSupported = original;
    }
  });
});
