// Tables in the fake Excel host: creation, headers, rows, resize, overlap and deletion as Excel does them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

describe("fake Excel tables", () => {
  it("creates a table over data with headers and exposes header, body and columns", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [
      ["Site", "Price", ""],
      ["A", 1.5, "x"],
      ["B", 1.6, "y"],
    ]);
    await Excel.run(async (context) => {
      const table = context.workbook.tables.add("Sheet1!A1:C3", true);
      const header = table.getHeaderRowRange().load("values, address");
      const body = table.getDataBodyRange().load("values, address");
      const columns = table.columns.load("items/name");
      table.load("name");
      const rows = table.rows.load("count");
      await context.sync();
      assert.equal(table.name, "Table1");
      assert.deepEqual(header.values, [["Site", "Price", "Column3"]]);
      assert.equal(body.address, "Sheet1!A2:C3");
      assert.deepEqual(
        columns.items.map((c) => c.name),
        ["Site", "Price", "Column3"],
      );
      assert.equal(rows.count, 2);
    });
    assert.deepEqual(workbook.tablesInfo(), [
      { name: "Table1", sheet: "Sheet1", address: "Sheet1!A1:C3", rowCount: 2 },
    ]);
  });

  it("gives a header-only range one empty data row, as Excel does", async () => {
    const { Excel, workbook } = createFakeExcel();
    await Excel.run(async (context) => {
      const table = context.workbook.worksheets.getItem("Sheet1").tables.add("A1:B1", true);
      table.getHeaderRowRange().values = [["id", "name"]];
      await context.sync();
    });
    assert.deepEqual(workbook.tablesInfo()[0], {
      name: "Table1",
      sheet: "Sheet1",
      address: "Sheet1!A1:B2",
      rowCount: 1,
    });
  });

  it("inserts a generated header row above data when hasHeaders is false", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("B2", [
      [1, 2],
      [3, 4],
    ]);
    await Excel.run(async (context) => {
      context.workbook.tables.add("Sheet1!B2:C3", false);
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("B2:C4"), [
      ["Column1", "Column2"],
      [1, 2],
      [3, 4],
    ]);
    assert.equal(workbook.tablesInfo()[0].address, "Sheet1!B2:C4");
  });

  it("makes header names unique and textual", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [
      ["Name", "name", 2024],
      [1, 2, 3],
    ]);
    await Excel.run(async (context) => {
      context.workbook.tables.add("Sheet1!A1:C2", true);
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:C1"), [["Name", "name2", "2024"]]);
  });

  it("appends and inserts rows with rows.add, shifting cells below the table", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [
      ["k", "v"],
      ["a", 1],
    ]);
    workbook.setCell("A5", "below");
    await Excel.run(async (context) => {
      const table = context.workbook.tables.add("Sheet1!A1:B2", true);
      table.rows.add(null, [
        ["c", 3],
        ["d", 4],
      ]);
      table.rows.add(1, [["b", 2]]);
      const count = table.rows.load("count");
      const body = table.getDataBodyRange().load("values");
      await context.sync();
      assert.equal(count.count, 4);
      assert.deepEqual(body.values, [
        ["a", 1],
        ["b", 2],
        ["c", 3],
        ["d", 4],
      ]);
    });
    assert.equal(workbook.getCellState("A8").value, "below");
    assert.equal(workbook.tablesInfo()[0].rowCount, 4);
  });

  it("rejects rows whose width differs from the table", async () => {
    const { Excel } = createFakeExcel();
    await assert.rejects(
      Excel.run(async (context) => {
        const table = context.workbook.tables.add("Sheet1!A1:C1", true);
        table.rows.add(null, [[1, 2]]);
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
  });

  it("refuses a table that overlaps another table", async () => {
    const { Excel, workbook } = createFakeExcel();
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.tables.add("Sheet1!A1:C4", true);
        await context.sync();
        context.workbook.tables.add("Sheet1!C3:E6", true);
        await context.sync();
      }),
      (error: { code?: string; message?: string }) =>
        error.code === "InvalidArgument" && /overlap/.test(error.message ?? ""),
    );
    assert.equal(workbook.tablesInfo().length, 1);
  });

  it("resizes a table keeping its header row, and refuses a resize that moves the header", async () => {
    const { Excel, workbook } = createFakeExcel();
    await Excel.run(async (context) => {
      const table = context.workbook.tables.add("Sheet1!A1:B3", true);
      table.name = "Prices";
      table.resize("A1:D10");
      await context.sync();
    });
    assert.deepEqual(workbook.tablesInfo()[0], {
      name: "Prices",
      sheet: "Sheet1",
      address: "Sheet1!A1:D10",
      rowCount: 9,
    });
    assert.deepEqual(workbook.getValues("C1:D1"), [["Column3", "Column4"]]);
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.tables.getItem("Prices").resize("A2:D10");
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
  });

  it("finds tables by name, reports missing ones as null objects, and rejects invalid names", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      context.workbook.tables.add("Sheet1!A1:B2", true).name = "Stations";
      await context.sync();
      const found = context.workbook.tables.getItem("stations").load("name");
      const missing = context.workbook.tables.getItemOrNullObject("Nope");
      const count = context.workbook.worksheets.getItem("Sheet1").tables.load("count");
      await context.sync();
      assert.equal(found.name, "Stations");
      assert.equal(missing.isNullObject, true);
      assert.equal(count.count, 1);
    });
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.tables.getItem("Stations").name = "has space";
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
  });

  it("deletes a table with its contents, while convertToRange keeps the cells", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [["h"], [1]]);
    workbook.setValues("D1", [["h"], [2]]);
    await Excel.run(async (context) => {
      const first = context.workbook.tables.add("Sheet1!A1:A2", true);
      const second = context.workbook.tables.add("Sheet1!D1:D2", true);
      first.delete();
      second.convertToRange();
      await context.sync();
    });
    assert.deepEqual(workbook.tablesInfo(), []);
    assert.deepEqual(workbook.getValues("A1:A2"), [[""], [""]]);
    assert.deepEqual(workbook.getValues("D1:D2"), [["h"], [2]]);
  });

  it("deletes rows and keeps one empty data row when all are deleted", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [["h"], [1], [2], [3]]);
    await Excel.run(async (context) => {
      const table = context.workbook.tables.add("Sheet1!A1:A4", true);
      table.rows.deleteRowsAt(0, 1);
      await context.sync();
      assert.deepEqual(workbook.getValues("A1:A4"), [["h"], [2], [3], [""]]);
      table.rows.deleteRowsAt(0, 2);
      await context.sync();
    });
    assert.deepEqual(workbook.tablesInfo()[0].rowCount, 1);
    assert.deepEqual(workbook.getValues("A1:A2"), [["h"], [""]]);
  });

  it("renames a column through its header cell", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const table = context.workbook.tables.add("Sheet1!A1:B2", true);
      table.columns.getItemAt(1).name = "Volume";
      const names = table.columns.load("items/name");
      await context.sync();
      assert.deepEqual(
        names.items.map((c) => c.name),
        ["Column1", "Volume"],
      );
    });
  });
});
