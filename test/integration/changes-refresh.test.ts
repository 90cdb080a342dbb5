// What moved since the last refresh, in Node: a PRICE grid and a Product report in the fake Excel host, the real
// functions, data client, relay and sandbox; prices move through the sandbox's admin route; Refresh marks exactly
// the moved cells and rows (conditional formats that never change a value), lists them, honours the threshold and an
// alert rule, writes the change log, and one call clears the marks. Previous report values survive in the workbook.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { conditionalFormatsOf } from "../../src/workbench/fake-excel/conditional-formats";
import { movePrices } from "../support/price-moves";
import { startStack, type Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import type { ChangeService } from "../../src/changes/service";
import type { KalibrateDocument } from "../../src/sandbox/server";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
let changes: ChangeService;
let refresh: (rt: Runtime) => Promise<string>;
const wb = () => host.workbook;
const model = () => wb()._model;

const SITES = ["OWN0001", "OWN0002"];
const PRODUCTS = ["Diesel", "Unleaded"];

function ownProduct(site: string, product: string): KalibrateDocument {
  const s = stack.sandbox.data.ownSites.find((d) => d.data.importCode === site)!;
  const g = stack.sandbox.data.globalProducts.find((d) => d.data.name === product)!;
  return stack.sandbox.data.ownProducts.find(
    (p) =>
      (p.data.site as { entityId: string }).entityId === s.id.entityId &&
      (p.data.product as { entityId: string }).entityId === g.id.entityId,
  )!;
}

const marks = () =>
  conditionalFormatsOf(model()).map((f) => ({
    address: `${f.sheet.name}!${f.rect.col}:${f.rect.row}`,
    sheet: f.sheet.name,
    row: f.rect.row,
    col: f.rect.col,
    cols: f.rect.cols,
    fill: f.fill,
    numberFormat: f.numberFormat,
  }));

before(async () => {
  stack = await startStack({ sandbox: { size: 2000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis);
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({ QUERY: fns.query, PRICE: fns.price });
  rt = (await import("../../src/runtime")).runtime();
  changes = (await import("../../src/composition")).changeService(rt);
  refresh = (await import("../../src/commands/refresh")).refreshAndDescribe;
  await rt.tokens.connect(stack.reader);
  // A PRICE grid: sites down, products across.
  wb().setValues("A1:C1", [["", ...PRODUCTS]]);
  SITES.forEach((site, r) => {
    wb().setCell(`A${r + 2}`, site);
    PRODUCTS.forEach((product, c) => wb().setCell(`${"BC"[c]}${r + 2}`, `=KALIBRATE.PRICE("${site}","${product}")`));
  });
  await wb().idle();
  await rt.idle();
  await wb().idle();
  // A report of the own products' current prices on a sheet of its own.
  const reports = (await import("../../src/composition")).reportService(rt);
  await reports.insert(
    {
      collection: "Product",
      query: "(entityVariant=Own)+(limit=0)",
      columns: ["id.entityId", "data.site.importCode", "data.name", "data.currentPrice"],
    },
    "new-sheet",
  );
});

after(async () => {
  rt?.tokens.disconnect();
  await stack?.close();
});

describe("what moved since the last refresh", () => {
  test("a refresh with nothing moved marks nothing and lists nothing", async () => {
    await refresh(rt);
    const listing = await changes.listing();
    assert.deepEqual(listing.changes, []);
    assert.deepEqual(marks(), []);
    const kept = Object.keys(wb().settings()).filter((k) => k.startsWith("kalibrate.previous."));
    assert.equal(kept.length, 1, "the report's previous values are kept in the workbook");
  });

  test("Refresh marks exactly the moved cells and rows, with the amount and the previous value", async () => {
    const diesel1 = wb().getValues("Sheet1!B2")[0][0] as number;
    const unleaded2 = wb().getValues("Sheet1!C3")[0][0] as number;
    const valuesBefore = wb().getValues("Sheet1!A1:C3");
    // An hour ago, so the later move in the last test is strictly newer even within the same second.
    const effectiveTime = new Date(Date.now() - 3_600_000).toISOString();
    await movePrices(stack.sandbox.url, [
      { siteID: "OWN0001", productCode: "DSL", price: Math.round((diesel1 + 0.02) * 1000) / 1000, effectiveTime },
      { siteID: "OWN0002", productCode: "ULP", price: Math.round((unleaded2 - 0.03) * 1000) / 1000, effectiveTime },
    ]);
    const outcome = await refresh(rt);
    assert.match(outcome, /^Refreshed 1 report table and 4 KALIBRATE cells/);
    const after = wb().getValues("Sheet1!A1:C3");
    assert.notEqual(after[1][1], valuesBefore[1][1]);
    assert.deepEqual([after[1][2], after[2][1]], [valuesBefore[1][2], valuesBefore[2][1]], "the others did not move");

    const listing = await changes.listing();
    const cells = listing.changes.filter((c) => c.source === "cell");
    assert.deepEqual(cells.map((c) => [c.address, c.direction]).sort(), [
      ["Sheet1!B2", "up"],
      ["Sheet1!C3", "down"],
    ]);
    assert.equal(cells.find((c) => c.address === "Sheet1!B2")!.before, diesel1);
    const rows = listing.changes.filter((c) => c.source === "report");
    const moved = [ownProduct("OWN0001", "Diesel"), ownProduct("OWN0002", "Unleaded")].map((p) => p.id.entityId);
    assert.deepEqual(rows.map((c) => c.entityId).sort(), [...moved].sort());
    assert.ok(rows.every((c) => c.column === "data.currentPrice"));
    // Sorted by size: the 0.03 move first.
    assert.equal(listing.changes[0].direction, "down");

    const marked = marks();
    assert.equal(marked.length, 4);
    const inGrid = marked.filter((m) => m.sheet === "Sheet1").map((m) => [m.row, m.col, m.fill]);
    assert.deepEqual(inGrid.sort(), [
      [1, 1, "#C6EFCE"],
      [2, 2, "#FFC7CE"],
    ]);
    const cellMark = marked.find((m) => m.sheet === "Sheet1" && m.row === 1)!;
    // In the cell only the arrow, in the price's own format; the amount and the previous value in the cell's note.
    assert.equal(cellMark.numberFormat, '0.000" ▲"');
    assert.equal(wb().noteAt("Sheet1!B2"), `Kalibrate: ▲ +0.02 since the last refresh (was ${diesel1})`);
    assert.match(wb().getTexts("Sheet1!B2")[0][0], /^\d\.\d{3} ▲$/, "the marked price fits its column");
    assert.match(wb().noteAt("Sheet1!C3")!, new RegExp(`▼ −0\\.03 since the last refresh \\(was ${unleaded2}\\)`));
    // Marks never touch values.
    assert.deepEqual(wb().getValues("Sheet1!A1:C3"), after);
    for (const row of rows) {
      const mark = marked.find((m) => m.sheet !== "Sheet1" && `${row.address}`.endsWith(`D${m.row + 1}`));
      assert.ok(mark, `the report cell ${row.address} is marked`);
    }
  });

  test("the threshold flags only moves at least its size, and re-marks at once", async () => {
    await changes.saveSettings({ marking: true, threshold: 0.025 });
    const listing = await changes.listing();
    assert.ok(listing.changes.every((c) => Math.abs(c.delta!) >= 0.025));
    assert.equal(listing.changes.length, 2);
    assert.equal(listing.belowThreshold, 2);
    assert.equal(marks().length, 2);
    await changes.saveSettings({ marking: true, threshold: 0 });
    assert.equal(marks().length, 4);
  });

  test("the change log sheet lists the changes; one call clears every mark and leaves values alone", async () => {
    const values = wb().getValues("Sheet1!A1:C3");
    const sheet = await changes.writeLog();
    assert.equal(sheet, "Kalibrate changes");
    const log = wb().getValues("'Kalibrate changes'!A2:J6");
    assert.deepEqual(log[0], [
      "Where",
      "Site",
      "Product",
      "Column",
      "Change",
      "Old",
      "New",
      "Amount",
      "Effective time",
      "Cell",
    ]);
    assert.equal(log.slice(1).filter((r) => r[0] !== "").length, 4);
    assert.equal(await changes.clearMarks(), 4);
    assert.deepEqual(marks(), []);
    assert.deepEqual(wb().notes(), [], "the add-in's notes go with its marks");
    assert.deepEqual(wb().getValues("Sheet1!A1:C3"), values);
  });

  test("marking off: a refresh lists changes and marks nothing; a report's alert rule fires", async () => {
    const [report] = (await (await import("../../src/composition")).reportService(rt).list()).reports;
    await changes.saveSettings({ marking: false, threshold: 0 });
    await changes.saveAlertRule({ reportId: report.id, moreThan: 0.04 });
    const product = ownProduct("OWN0001", "Diesel");
    await movePrices(stack.sandbox.url, [
      { siteID: "OWN0001", productCode: "DSL", price: (product.data.currentPrice as number) + 0.05 },
    ]);
    const outcome = await refresh(rt);
    assert.match(outcome, /Alert on KalibrateProduct: a price moved by more than 0\.04/);
    const listing = await changes.listing();
    assert.equal(listing.changes.length, 2, "the PRICE cell and the report row");
    assert.equal(listing.alerts.length, 1);
    assert.deepEqual(marks(), []);
  });
});
