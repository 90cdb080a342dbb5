// Column widths in the fake Excel host, as Excel does them (src/workbench/fake-excel/README.md, "Column widths"): a
// column is 48 pt (64 px, 8.43 characters) by default; RangeFormat.columnWidth reads and sets points; autofitColumns
// sizes a column to the widest text of the range's cells; a number or date wider than its column shows "#" across it
// (General rounds its decimals first); text is never turned into "#"; a conditional format's number format is what
// the cell shows while its rule holds.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

const texts = async (fake: ReturnType<typeof createFakeExcel>, address: string) =>
  fake.Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem("Sheet1").getRange(address).load("text");
    await context.sync();
    return range.text;
  });

describe("fake Excel column widths", () => {
  it("starts every column at 48 pt and sets and reads widths in points; mixed widths read as null", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const a = sheet.getRange("A1").format.load("columnWidth");
      await context.sync();
      assert.equal(a.columnWidth, 48);
      sheet.getRange("B1").format.columnWidth = 90;
      const b = sheet.getRange("B:B").format.load("columnWidth");
      const ab = sheet.getRange("A1:B1").format.load("columnWidth");
      await context.sync();
      assert.equal(b.columnWidth, 90);
      assert.equal(ab.columnWidth, null);
    });
    assert.equal(fake.workbook.columnWidthPx("B7"), 120, "90 pt is 120 px");
    assert.equal(fake.workbook.columnWidthPx("C1"), 64);
  });

  it("reads a width dragged in the workbench (pixels) as points, as Excel's columnWidth does", async () => {
    const fake = createFakeExcel();
    fake.workbook.setColumnWidthPx("D1", 120);
    const width = await fake.Excel.run(async (context) => {
      const format = context.workbook.worksheets.getItem("Sheet1").getRange("D5").format.load("columnWidth");
      await context.sync();
      return format.columnWidth;
    });
    assert.equal(width, 90);
    assert.deepEqual([...fake.workbook.columnWidthsPx("Sheet1")], [[3, 120]], "the grid's layout reads the same");
  });

  it("refuses a width that is not a number of points", async () => {
    const fake = createFakeExcel();
    await assert.rejects(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").format.columnWidth = -1;
        await context.sync();
      }),
      (error: { code?: string }) => error.code === "InvalidArgument",
    );
  });

  it("shows #### for a number or date wider than its column, and the number again once the column is wide enough", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const range = sheet.getRange("A1:C1");
      // Written by an add-in: Excel does not widen columns for API writes.
      range.values = [[1.439, 45_000.5, 1234567.891]];
      range.numberFormat = [["0.000", "yyyy-mm-dd hh:mm", "#,##0.00"]];
      await context.sync();
    });
    // 8 characters fit 64 px (8 × 7 + 5 = 61); "2023-03-15 12:00" and "1,234,567.89" do not.
    assert.deepEqual(await texts(fake, "A1:C1"), [["1.439", "########", "########"]]);
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B1:C1").format.columnWidth = 100;
      await context.sync();
    });
    assert.deepEqual(await texts(fake, "A1:C1"), [["1.439", "2023-03-15 12:00", "1,234,567.89"]]);
    assert.deepEqual(fake.workbook.getTexts("B1"), [["2023-03-15 12:00"]], "the workbench reads the same text");
  });

  it("rounds a General number's decimals to fit, shows # only when the whole number cannot, and never turns text into #", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:C1").values = [[3.14159265, 123456789012, "a long product name"]];
      sheet.getRange("A1:C1").format.columnWidth = 30; // 40 px: 5 characters
      await context.sync();
    });
    assert.deepEqual(await texts(fake, "A1:C1"), [["3.142", "#####", "a long product name"]]);
  });

  it("autofits each column to the widest text of the range's cells, and leaves columns with nothing in the range", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:B3").values = [
        ["id.entityId", "data.effectiveTime"],
        ["0f6c2b9e-1a2b-4c3d-9e8f-123456789abc", 45_000.5],
        ["short", 45_001],
      ];
      sheet.getRange("B2:B3").numberFormat = [["yyyy-mm-dd hh:mm"], ["yyyy-mm-dd hh:mm"]];
      sheet.getRange("A1:C2").format.autofitColumns();
      await context.sync();
    });
    // A: the 36-character id (36 × 7 + 5 = 257 px); B: the header (18 characters) is wider than the date (16).
    assert.equal(fake.workbook.columnWidthPx("A1"), 257);
    assert.equal(fake.workbook.columnWidthPx("B1"), 18 * 7 + 5);
    assert.equal(fake.workbook.columnWidthPx("C1"), 64, "an empty column keeps its width");
    assert.deepEqual(await texts(fake, "B2:B3"), [["2023-03-15 12:00"], ["2023-03-16 00:00"]]);
  });

  it("shows a conditional format's number format while its rule holds, and the cell's own when it does not", async () => {
    const fake = createFakeExcel();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:B1").values = [[1.439, 1.5]];
      sheet.getRange("A1:B1").numberFormat = [["0.000", "0.000"]];
      const on = sheet.getRange("A1").conditionalFormats.add("Custom");
      on.custom.rule.formula = "=TRUE";
      on.custom.format.numberFormat = '0.000" ▲"';
      const off = sheet.getRange("B1").conditionalFormats.add("Custom");
      off.custom.rule.formula = "=FALSE";
      off.custom.format.numberFormat = '0.000" ▼"';
      await context.sync();
    });
    assert.deepEqual(await texts(fake, "A1:B1"), [["1.439 ▲", "1.500"]]);
    // The old mark's note in the number format does not fit a default column: Excel shows #### for it.
    await fake.Excel.run(async (context) => {
      const format = context.workbook.worksheets.getItem("Sheet1").getRange("C1").conditionalFormats.add("Custom");
      context.workbook.worksheets.getItem("Sheet1").getRange("C1").values = [[1.439]];
      format.custom.rule.formula = "=TRUE";
      format.custom.format.numberFormat = 'General" ▲ +0.02 (was 1.459)"';
      await context.sync();
    });
    assert.deepEqual(await texts(fake, "C1"), [["########"]]);
  });

  it("widens a default column when a user types a date (Excel's best fit), not when an add-in writes one", () => {
    const fake = createFakeExcel();
    fake.workbook.setCell("A1", "2024-01-31");
    assert.ok(fake.workbook.columnWidthPx("A1") > 64);
    assert.equal(fake.workbook.getTexts("A1")[0][0], "1/31/2024");
    fake.workbook.setColumnWidthPx("B1", 40);
    fake.workbook.setCell("B1", "2024-01-31");
    assert.equal(fake.workbook.columnWidthPx("B1"), 40, "a width the user set stays");
    assert.equal(fake.workbook.getTexts("B1")[0][0], "#####");
  });
});
