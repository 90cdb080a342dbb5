// The fake host's conditional formats (ExcelApi 1.6) as the change marks use them: add("Custom") with a rule,
// fill and number format; the collection is the formats overlapping the range; getItem of an unknown id is
// ItemNotFound; delete removes one; other types are refused with a sentence; values never change.
/* eslint-disable office-addins/load-object-before-read -- getCount() is a ClientResult: it needs a sync, not a load. */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";

let host: FakeExcelHandle;
beforeEach(() => {
  host = installFakeOffice(globalThis);
  host.workbook.setValues("A1:B2", [
    [1, 2],
    [3, 4],
  ]);
});

async function addMark(address: string, fill: string) {
  return host.Excel.run(async (context) => {
    const format = context.workbook.worksheets.getItem("Sheet1").getRange(address).conditionalFormats.add("Custom");
    format.custom.rule.formula = "=TRUE";
    format.custom.format.fill.color = fill;
    format.custom.format.numberFormat = 'General " ▲"';
    format.load("id");
    await context.sync();
    return format.id;
  });
}

describe("fake conditional formats", () => {
  it("add, list by overlap, read back, and never touch values", async () => {
    const a = await addMark("A1", "#C6EFCE");
    await addMark("B2", "#FFC7CE");
    assert.deepEqual(host.workbook.conditionalFormats(), [
      { address: "Sheet1!B2", fill: "#FFC7CE", numberFormat: 'General " ▲"' },
      { address: "Sheet1!A1", fill: "#C6EFCE", numberFormat: 'General " ▲"' },
    ]);
    const listed = await host.Excel.run(async (context) => {
      const formats = context.workbook.worksheets.getItem("Sheet1").getRange("A1:A2").conditionalFormats;
      formats.load("items/id");
      const count = formats.getCount();
      await context.sync();
      return { ids: formats.items.map((f) => f.id), count: count.value };
    });
    assert.deepEqual(listed, { ids: [a], count: 1 });
    assert.deepEqual(host.workbook.getValues("A1:B2"), [
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(host.workbook.conditionalFormatAt("A1"), { fill: "#C6EFCE", numberFormat: 'General " ▲"' });
  });

  it("delete removes one; getItem of an unknown id is ItemNotFound", async () => {
    const a = await addMark("A1", "#C6EFCE");
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange().conditionalFormats.getItem(a).delete();
      await context.sync();
    });
    assert.deepEqual(host.workbook.conditionalFormats(), []);
    await assert.rejects(
      host.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange().conditionalFormats.getItem(a).delete();
        await context.sync();
      }),
      (error: { code?: string }) => error.code === "ItemNotFound",
    );
  });

  it("a type the fake does not model is refused with a sentence", async () => {
    await assert.rejects(
      host.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").conditionalFormats.add("DataBar");
        await context.sync();
      }),
      /models Custom conditional formats only/,
    );
  });
});
