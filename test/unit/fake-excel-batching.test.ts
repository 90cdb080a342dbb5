// The batching contract of the fake Excel API: queue, load, sync, and errors shaped like office.js's.
/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load --
   these tests read unloaded properties on purpose: the PropertyNotLoaded and ValueNotLoaded errors are what they check. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel, OfficeExtensionError } from "../../src/workbench/fake-excel";

const NOT_LOADED = (name: string) =>
  `The property '${name}' is not available. Before reading the property's value, call the load method on the ` +
  `containing object and call "context.sync()" on the associated request context.`;

describe("fake Excel batching", () => {
  it("throws PropertyNotLoaded with Excel's message when a property is read before load and sync", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      assert.throws(
        () => range.address,
        (error: unknown) =>
          error instanceof OfficeExtensionError &&
          error.code === "PropertyNotLoaded" &&
          error.message === NOT_LOADED("address") &&
          error.debugInfo.errorLocation === "Range.address",
      );
      range.load("address");
      assert.throws(() => range.address, { code: "PropertyNotLoaded" });
      await context.sync();
      assert.equal(range.address, "Sheet1!A1");
      assert.throws(() => range.values, { code: "PropertyNotLoaded" });
    });
  });

  it("applies nothing until sync and applies queued writes in order at sync", async () => {
    const { Excel, workbook } = createFakeExcel();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("A1");
      range.values = [[1]];
      range.values = [[2]];
      assert.equal(workbook.getCellState("A1").value, "");
      await context.sync();
      assert.equal(workbook.getCellState("A1").value, 2);
    });
  });

  it("loads in queue order: a load queued before a write sees the old value", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setCell("A1", "old");
    await Excel.run(async (context) => {
      const before = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["new"]];
      const after = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      await context.sync();
      assert.deepEqual(before.values, [["old"]]);
      assert.deepEqual(after.values, [["new"]]);
    });
  });

  it("accepts load in string, array, object and select forms, and load() with no argument", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const a = sheet.getRange("B2:C3").load("address, rowCount");
      const b = sheet.getRange("B2:C3").load(["columnCount", "rowIndex"]);
      const c = sheet.getRange("B2:C3").load({ columnIndex: true, values: true });
      const d = sheet.getRange("B2:C3").load({ select: "cellCount" });
      const e = sheet.getRange("B2:C3").load();
      await context.sync();
      assert.deepEqual([a.address, a.rowCount], ["Sheet1!B2:C3", 2]);
      assert.deepEqual([b.columnCount, b.rowIndex], [2, 1]);
      assert.deepEqual(
        [c.columnIndex, c.values],
        [
          1,
          [
            ["", ""],
            ["", ""],
          ],
        ],
      );
      assert.equal(d.cellCount, 4);
      assert.deepEqual(e.formulas, [
        ["", ""],
        ["", ""],
      ]);
    });
  });

  it("follows navigation paths such as items/name and worksheet/name", async () => {
    const { Excel } = createFakeExcel({ sheets: ["Data", "Report"] });
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      const range = context.workbook.worksheets.getItem("Report").getRange("A1").load("worksheet/name");
      await context.sync();
      assert.deepEqual(
        sheets.items.map((s) => s.name),
        ["Data", "Report"],
      );
      assert.equal(range.worksheet.name, "Report");
    });
  });

  it("makes objects returned by methods usable in the same batch", async () => {
    const { Excel, workbook } = createFakeExcel();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Fresh");
      sheet.getRange("B2").values = [["here"]];
      sheet.load("name, position");
      await context.sync();
      assert.equal(sheet.name, "Fresh");
      assert.equal(sheet.position, 1);
    });
    assert.equal(workbook.getCellState("Fresh!B2").value, "here");
  });

  it("reports isNullObject after sync for *OrNullObject and throws before it", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const present = context.workbook.worksheets.getItemOrNullObject("sheet1");
      assert.throws(() => missing.isNullObject, { code: "PropertyNotLoaded" });
      await context.sync();
      assert.equal(missing.isNullObject, true);
      assert.equal(present.isNullObject, false);
    });
  });

  it("fails getItem for a missing sheet at sync with ItemNotFound and the failing location", async () => {
    const { Excel } = createFakeExcel();
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Nope").load("name");
        await context.sync();
      }),
      (error: unknown) =>
        error instanceof OfficeExtensionError &&
        error.code === "ItemNotFound" &&
        error.name === "RichApi.Error" &&
        error.debugInfo.code === "ItemNotFound" &&
        typeof error.debugInfo.errorLocation === "string",
    );
  });

  it("stops a batch at the first failing action; actions before it stay applied, as in Excel", async () => {
    const { Excel, workbook } = createFakeExcel();
    await assert.rejects(
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1").values = [["before"]];
        sheet.getRange("A2:B2").values = [[1]];
        sheet.getRange("A3").values = [["after"]];
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
    assert.equal(workbook.getCellState("A1").value, "before");
    assert.equal(workbook.getCellState("A3").value, "");
  });

  it("flushes queued actions when the batch ends and rejects a batch that returns no promise", async () => {
    const { Excel, workbook } = createFakeExcel();
    const result = await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("C3").values = [["flushed"]];
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(workbook.getCellState("C3").value, "flushed");
    await assert.rejects(Excel.run((() => undefined) as never), { code: "RunMustReturnPromise" });
  });

  it("returns ClientResult values only after sync", async () => {
    const { Excel } = createFakeExcel({ sheets: ["A", "B", "C"] });
    await Excel.run(async (context) => {
      const count = context.workbook.worksheets.getCount();
      assert.throws(() => count.value, { code: "ValueNotLoaded" });
      await context.sync();
      assert.equal(count.value, 3);
    });
  });

  it("keeps a property's written value readable locally, as office.js does", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [["typed"]];
      assert.deepEqual(range.values, [["typed"]]);
      await context.sync();
    });
  });

  it("supports a RequestContext created with new Excel.RequestContext()", async () => {
    const { Excel, workbook } = createFakeExcel();
    const context = new Excel.RequestContext();
    context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[7]];
    await context.sync();
    assert.equal(workbook.getCellState("A1").value, 7);
  });
});
