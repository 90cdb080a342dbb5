import { before, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { recalculateKalibrateCells, usesKalibrate } from "../../src/excel/refresh";

let host: FakeExcelHandle;
const calls = { kalibrate: 0, other: 0 };

before(() => {
  host = installFakeOffice(globalThis);
  host.registerFunctions({
    "KALIBRATE.COUNT": () => ++calls.kalibrate,
    "OTHER.COUNT": () => ++calls.other,
  });
});

test("only formulas calling KALIBRATE functions are re-entered, on every sheet", async () => {
  const wb = host.workbook;
  wb.addSheet("Prices");
  wb.setCell("Sheet1!A1", "=KALIBRATE.COUNT()");
  wb.setCell("Sheet1!B2", "=OTHER.COUNT()");
  wb.setCell("Sheet1!C3", "KALIBRATE.COUNT() typed as text");
  wb.setCell("Prices!D4", "=kalibrate.count()");
  await wb.idle();
  const before = { ...calls };
  const { cells } = await recalculateKalibrateCells();
  await wb.idle();
  assert.equal(cells, 2);
  assert.equal(calls.kalibrate - before.kalibrate, 2);
  assert.equal(calls.other - before.other, 0, "other formulas are left alone");
  assert.equal(wb.getCellState("Sheet1!C3").value, "KALIBRATE.COUNT() typed as text");
});

test("an empty workbook has nothing to refresh", async () => {
  const fresh = installFakeOffice({});
  const saved = (globalThis as { Excel?: unknown }).Excel;
  (globalThis as { Excel?: unknown }).Excel = fresh.Excel;
  try {
    assert.deepEqual(await recalculateKalibrateCells(), { cells: 0 });
  } finally {
    (globalThis as { Excel?: unknown }).Excel = saved;
  }
});

test("what counts as a KALIBRATE formula", () => {
  assert.equal(usesKalibrate('=KALIBRATE.QUERY("Site")'), true);
  assert.equal(usesKalibrate('=IFERROR(KALIBRATE.PRICE(A1,"Diesel"),0)'), true);
  assert.equal(usesKalibrate("=MYKALIBRATE.PRICE(A1)"), false);
  assert.equal(usesKalibrate("KALIBRATE.PRICE(A1)"), false);
  assert.equal(usesKalibrate(42), false);
});

test("formulas are found and re-entered in bounded syncs: a refused response or request is halved, never fatal", async () => {
  // A 2 KB payload limit: no sync may read or write more than a few dozen formulas at once.
  const small = installFakeOffice({}, { payloadLimitBytes: 2_000 });
  let calls = 0;
  small.registerFunctions({ "KALIBRATE.COUNT": (label: unknown) => `${label}:${++calls}` });
  const saved = (globalThis as { Excel?: unknown }).Excel;
  (globalThis as { Excel?: unknown }).Excel = small.Excel;
  try {
    const wb = small.workbook;
    for (let r = 1; r <= 120; r++) {
      wb.setCell(`A${r}`, `value ${r}`);
      wb.setCell(`B${r}`, `=KALIBRATE.COUNT("${"x".repeat(40)}${r}")`);
    }
    await wb.idle();
    const before = calls;
    const { cells } = await recalculateKalibrateCells({
      readCells: 100,
      writeCells: 100,
      writeChars: 10_000,
      areasPerSync: 10,
    });
    await wb.idle();
    assert.equal(cells, 120);
    assert.equal(calls - before, 120);
  } finally {
    (globalThis as { Excel?: unknown }).Excel = saved;
  }
});
