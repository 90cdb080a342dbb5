// Range.getSpecialCells in the fake host, as Microsoft documents it ("Find special cells within a range"): formula or
// constant cells as RangeAreas, ItemNotFound or a null object when there are none, the value-type argument only with
// Formulas and Constants, and what is loaded from the result counted in the sync's response.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

function book() {
  const host = createFakeExcel();
  host.registerFunctions({ "KALIBRATE.ONE": () => 1, "KALIBRATE.SPILL": () => [[1], [2], [3]] });
  const wb = host.workbook;
  wb.setCell("A1", "header");
  for (let r = 2; r <= 4; r++) for (const c of ["B", "C"]) wb.setCell(`${c}${r}`, "=KALIBRATE.ONE()");
  wb.setCell("E7", "=1+1");
  wb.setCell("G1", "=KALIBRATE.SPILL()");
  wb.setCell("H9", 42);
  return host;
}

describe("fake Excel getSpecialCells", () => {
  it("finds formula cells as rectangles: a block is one area, spilled cells are not formulas", async () => {
    const { Excel, workbook } = book();
    await workbook.idle();
    await Excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem("Sheet1").getUsedRange();
      const formulas = used.getSpecialCells(Excel.SpecialCellType.formulas).load("address, areaCount, cellCount");
      const areas = formulas.areas.load("items/address");
      await context.sync();
      assert.equal(formulas.address, "Sheet1!G1,Sheet1!B2:C4,Sheet1!E7", "areas in reading order");
      assert.equal(formulas.areaCount, 3);
      assert.equal(formulas.cellCount, 8);
      assert.deepEqual(
        areas.items.map((a) => a.address),
        ["Sheet1!G1", "Sheet1!B2:C4", "Sheet1!E7"],
      );
      const second = formulas.areas.getItemAt(0).load("rowIndex, columnIndex, rowCount, columnCount");
      await context.sync();
      assert.deepEqual([second.rowIndex, second.columnIndex, second.rowCount, second.columnCount], [0, 6, 1, 1]);
    });
  });

  it("finds constants apart from formulas and spilled values", async () => {
    const { Excel, workbook } = book();
    await workbook.idle();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const constants = sheet.getRange("A1:H10").getSpecialCells(Excel.SpecialCellType.constants).load("address");
      await context.sync();
      assert.equal(constants.address, "Sheet1!A1,Sheet1!H9");
    });
  });

  it("throws ItemNotFound when nothing matches; the OrNullObject form answers isNullObject", async () => {
    const { Excel, workbook } = book();
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("J1:K5").getSpecialCells("Formulas").load("address");
        await context.sync();
      }),
      { code: "ItemNotFound" },
    );
    await workbook.idle();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const none = sheet.getRange("J1:K5").getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas);
      const some = sheet.getRange("A1:C4").getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas);
      some.load("address");
      await context.sync();
      assert.equal(none.isNullObject, true);
      assert.equal(some.isNullObject, false);
      assert.equal(some.address, "Sheet1!B2:C4");
    });
  });

  it("accepts a value type only with Formulas or Constants", async () => {
    const { Excel } = book();
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:C4").getSpecialCells("Blanks", "Numbers");
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
  });

  it("finds formulas and constants of one value type: numbers, text, logical values, errors", async () => {
    const { Excel, workbook } = book();
    workbook.setCell("J1", true);
    workbook.setCell("J2", "=1/0");
    await workbook.idle();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const range = sheet.getRange("A1:J10");
      const numbers = range.getSpecialCells("Constants", "Numbers").load("address");
      const text = range.getSpecialCells("Constants", "Text").load("address");
      const logical = range.getSpecialCells("Constants", Excel.SpecialCellValueType.logical).load("address");
      const errors = sheet.getRange("J1:J10").getSpecialCells("Formulas", "Errors").load("address");
      const numericFormulas = range.getSpecialCellsOrNullObject("Formulas", "Text");
      await context.sync();
      assert.equal(numbers.address, "Sheet1!H9");
      assert.equal(text.address, "Sheet1!A1");
      assert.equal(logical.address, "Sheet1!J1");
      assert.equal(errors.address, "Sheet1!J2");
      assert.equal(numericFormulas.isNullObject, true, "every formula here gives a number or an error");
    });
  });

  it("finds blanks within the used range, the whole range as visible, and no conditional formats or validation", async () => {
    const { Excel, workbook } = book();
    await workbook.idle();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const blanks = sheet.getRange("A1:C4").getSpecialCells("Blanks").load("address, cellCount");
      const outside = sheet.getRange("Z50:Z60").getSpecialCellsOrNullObject("Blanks");
      const visible = sheet.getRange("A1:C4").getSpecialCells("Visible").load("address");
      const formats = sheet.getRange("A1:H10").getSpecialCellsOrNullObject("ConditionalFormats");
      const validation = sheet.getRange("A1:H10").getSpecialCellsOrNullObject("SameDataValidation");
      await context.sync();
      assert.equal(blanks.address, "Sheet1!B1:C1,Sheet1!A2:A4", "empty cells of A1:C4 (B2:C4 hold formulas)");
      assert.equal(blanks.cellCount, 5);
      assert.equal(outside.isNullObject, true, "outside the used range there are no blanks");
      assert.equal(visible.address, "Sheet1!A1:C4", "nothing is hidden");
      assert.equal(formats.isNullObject, true);
      assert.equal(validation.isNullObject, true);
    });
  });

  it("counts the loaded areas in the response: too many areas in one sync is refused for its size", async () => {
    const { Excel, workbook } = createFakeExcel({ payloadLimitBytes: 20_000 });
    for (let r = 1; r <= 2000; r += 2) workbook.setCell(`A${r}`, "=1");
    await assert.rejects(
      Excel.run(async (context) => {
        const found = context.workbook.worksheets.getItem("Sheet1").getRange("A1:A2000").getSpecialCells("Formulas");
        found.areas.load("items/address");
        await context.sync();
      }),
      { code: "ResponsePayloadSizeLimitExceeded" },
    );
  });
});
