// The change marks (src/excel/changes/marks.ts) on the fake Excel host, which shows "####" for a number wider than
// its column as Excel does: a marked cell keeps its own number format with only an arrow after the number, the move
// and the previous value go in a cell note (ExcelApi 1.18), a user's note is never overwritten or removed, a column
// too narrow for the arrow is widened and given back by Clear marks, and an Excel without notes gets arrow and colour
// only. Also: a new report's columns fit its ids and dates, and a refresh leaves the user's widths alone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { excelMarkLayer, MARKS_KEY } from "../../src/excel/changes/marks";
import { excelReportWorkbook } from "../../src/excel/reports/report-workbook";
import { toExcelTable } from "../../src/core/table";

function host(excelApi?: string): FakeExcelHandle {
  const fake = installFakeOffice(globalThis, excelApi ? { excelApi } : {});
  fake.workbook.setValues("A1:E1", [[1.439, -1.5, 1234.567, 2.5, 7]]);
  fake.workbook.setNumberFormat("A1", "0.000");
  fake.workbook.setNumberFormat("B1", "0.00;[Red]-0.00");
  fake.workbook.setNumberFormat("C1", "#,##0.000");
  // C is 80 px: "1,234.567" fits (68 px), with its arrow it would not.
  fake.workbook.setColumnWidthPx("C1", 80);
  return fake;
}

const MARKS = [
  { address: "Sheet1!A1", direction: "down" as const, note: "▼ −0.02 (was 1.459)" },
  { address: "Sheet1!B1", direction: "down" as const, note: "▼ −0.5 (was -1)" },
  { address: "Sheet1!C1", direction: "up" as const, note: "▲ +1 (was 1,233.567)" },
  { address: "Sheet1!D1", direction: "up" as const, note: "▲ +0.5 (was 2)" },
];

describe("change marks that fit the cell", () => {
  it("keeps each cell's own number format (every section) and adds only the arrow; nothing shows ####", async () => {
    const fake = host();
    assert.equal(await excelMarkLayer().mark("cells", MARKS), 4);
    assert.deepEqual(fake.workbook.getTexts("A1:D1"), [["1.439 ▼", "-1.50 ▼", "1,234.567 ▲", "2.5 ▲"]]);
    const formats = fake.workbook.conditionalFormats().map((f) => [f.address, f.numberFormat]);
    assert.deepEqual(formats.sort(), [
      ["Sheet1!A1", '0.000" ▼"'],
      ["Sheet1!B1", '0.00" ▼";[Red]-0.00" ▼"'],
      ["Sheet1!C1", '#,##0.000" ▲"'],
      ["Sheet1!D1", 'General" ▲"'],
    ]);
    assert.deepEqual(fake.workbook.getValues("A1:E1"), [[1.439, -1.5, 1234.567, 2.5, 7]], "values untouched");
  });

  it("puts the move and the previous value in a note, never over a user's note, and Clear marks removes only its own", async () => {
    const fake = host();
    fake.workbook.addNote("D1", "ask Sam about this site");
    await excelMarkLayer().mark("cells", MARKS);
    assert.equal(fake.workbook.noteAt("A1"), "Kalibrate: ▼ −0.02 since the last refresh (was 1.459)");
    assert.equal(fake.workbook.noteAt("C1"), "Kalibrate: ▲ +1 since the last refresh (was 1,233.567)");
    assert.equal(fake.workbook.noteAt("D1"), "ask Sam about this site", "the user's note is kept as it was");
    const owned = fake.workbook.settings()[MARKS_KEY] as Record<string, { notes: unknown[] }>;
    assert.equal(owned.cells.notes.length, 3, "the add-in's notes are recorded with its formats");

    // A user's own conditional format and note stay through Clear marks.
    await Excel.run(async (context) => {
      const format = context.workbook.worksheets.getItem("Sheet1").getRange("E1").conditionalFormats.add("Custom");
      format.custom.rule.formula = "=TRUE";
      format.custom.format.fill.color = "#FFFF00";
      await context.sync();
    });
    assert.equal(await excelMarkLayer().clear(), 4);
    assert.deepEqual(
      fake.workbook.notes().map((n) => [n.address, n.content]),
      [["Sheet1!D1", "ask Sam about this site"]],
    );
    assert.deepEqual(
      fake.workbook.conditionalFormats().map((f) => f.address),
      ["Sheet1!E1"],
    );
    assert.deepEqual(fake.workbook.getTexts("A1:C1"), [["1.439", "-1.50", "1,234.567"]]);
  });

  it("widens a column too narrow for the arrow just enough, and Clear marks gives the width back", async () => {
    const fake = host();
    await excelMarkLayer().mark("cells", MARKS);
    const widened = fake.workbook.columnWidthPx("C1");
    assert.ok(widened > 80 && widened <= 100, `C is widened a little (${widened} px)`);
    assert.equal(fake.workbook.columnWidthPx("A1"), 64, "a column the marked text fits is left alone");
    assert.doesNotMatch(fake.workbook.getTexts("C1")[0][0], /#/);
    await excelMarkLayer().clear("cells");
    assert.equal(fake.workbook.columnWidthPx("C1"), 80);
  });

  it("leaves a width the user set after marking when the marks are cleared", async () => {
    const fake = host();
    await excelMarkLayer().mark("cells", MARKS);
    fake.workbook.setColumnWidthPx("C1", 200);
    await excelMarkLayer().clear();
    assert.equal(fake.workbook.columnWidthPx("C1"), 200);
  });

  it("on an Excel without notes (ExcelApi 1.17) marks with arrow and colour only", async () => {
    const fake = host("1.17");
    assert.equal(await excelMarkLayer().mark("cells", MARKS), 4);
    assert.deepEqual(fake.workbook.getTexts("A1:B1"), [["1.439 ▼", "-1.50 ▼"]]);
    assert.equal(fake.workbook.conditionalFormats()[0].fill !== null, true);
    assert.equal(await excelMarkLayer().clear(), 4);
    assert.deepEqual(fake.workbook.conditionalFormats(), []);
  });

  it("on an Excel at the add-in's floor (ExcelApi 1.10) marks too, from the cell's own format", async () => {
    const fake = host("1.10");
    await excelMarkLayer().mark("cells", MARKS);
    assert.deepEqual(fake.workbook.getTexts("A1:D1"), [["1.439 ▼", "-1.50 ▼", "1,234.567 ▲", "2.5 ▲"]]);
  });
});

describe("a new report's columns", () => {
  const ID = "0f6c2b9e-1a2b-4c3d-9e8f-123456789abc";
  const table = () =>
    toExcelTable({
      headers: ["id.entityId", "data.effectiveTime", "data.currentPrice"],
      rows: Array.from({ length: 300 }, (_, i) => [ID, "2025-06-29T08:00:00Z", 1.459 + i / 1000]),
    });

  it("fit the header and the first rows, so ids are readable and dates do not show ####", async () => {
    const fake = installFakeOffice(globalThis);
    const reports = excelReportWorkbook();
    await reports.insert({ newSheet: "Report" }, table(), { tableName: "KalibrateReport" });
    const [header, first] = fake.workbook.getTexts("Report!A1:C2");
    assert.deepEqual(header, ["id.entityId", "data.effectiveTime", "data.currentPrice"]);
    assert.equal(first[0], ID);
    assert.match(first[1], /^2025-06-29/);
    assert.ok(fake.workbook.columnWidthPx("Report!A1") >= ID.length * 7 + 5, "the whole id shows");
    const texts = fake.workbook.getTexts("Report!A2:C301").flat();
    assert.ok(!texts.some((t) => /^#+$/.test(t)), "no cell shows ####");
  });

  it("keep the widths the user set when the report is refreshed", async () => {
    const fake = installFakeOffice(globalThis);
    const reports = excelReportWorkbook();
    const location = await reports.insert({ newSheet: "Report" }, table(), { tableName: "KalibrateReport" });
    fake.workbook.setColumnWidthPx("Report!B1", 300);
    const widthA = fake.workbook.columnWidthPx("Report!A1");
    await reports.replace({ tableName: location.tableName, tableId: location.tableId }, table(), {});
    assert.equal(fake.workbook.columnWidthPx("Report!B1"), 300);
    assert.equal(fake.workbook.columnWidthPx("Report!A1"), widthA);
  });
});
