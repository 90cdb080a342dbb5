// Ranges and addresses in the fake Excel host: A1 notation, grid limits, dimensions, reads and typing rules.
/* eslint-disable office-addins/no-context-sync-in-loop -- each bad address gets its own batch, so each failure is separate. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";
import { columnIndex, columnLetters, parseAddress, quoteSheetName } from "../../src/workbench/fake-excel/address";
import { interpretInput, NEEDS_READING, plainValue } from "../../src/workbench/fake-excel/cell-values";

describe("fake Excel addresses", () => {
  it("names columns past Z up to XFD and back", () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702, 16383].map(columnLetters), ["A", "Z", "AA", "AB", "ZZ", "AAA", "XFD"]);
    assert.deepEqual(["A", "aa", "XFD", "XFE"].map(columnIndex), [0, 26, 16383, -1]);
  });

  it("quotes sheet names that are not plain words", () => {
    assert.equal(quoteSheetName("Sheet1"), "Sheet1");
    assert.equal(quoteSheetName("My Sheet"), "'My Sheet'");
    assert.equal(quoteSheetName("O'Brien"), "'O''Brien'");
    assert.equal(quoteSheetName("A1"), "'A1'");
    assert.deepEqual(parseAddress("'O''Brien'!$B$2:C3"), {
      sheet: "O'Brien",
      rect: { row: 1, col: 1, rows: 2, cols: 2 },
    });
  });

  it("reads and reports sheet-qualified addresses, quoting names with spaces", async () => {
    const { Excel, workbook } = createFakeExcel({ sheets: ["My Sheet"] });
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("My Sheet").getRange("AA10:AB11");
      range.values = [
        [1, 2],
        [3, 4],
      ];
      range.load("address, rowIndex, columnIndex");
      await context.sync();
      assert.equal(range.address, "'My Sheet'!AA10:AB11");
      assert.deepEqual([range.rowIndex, range.columnIndex], [9, 26]);
    });
    assert.equal(workbook.getCellState("'My Sheet'!AB11").value, 4);
  });

  it("reaches the grid's last cell and refuses anything past it with InvalidArgument", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const last = context.workbook.worksheets.getItem("Sheet1").getRange("XFD1048576").load("address");
      await context.sync();
      assert.equal(last.address, "Sheet1!XFD1048576");
    });
    for (const address of ["XFE1", "A1048577", "A1:B", "not an address"]) {
      await assert.rejects(
        Excel.run(async (context) => {
          context.workbook.worksheets.getItem("Sheet1").getRange(address).load("address");
          await context.sync();
        }),
        { code: "InvalidArgument" },
        address,
      );
    }
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("XFD1").getOffsetRange(0, 1).load("address");
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
  });

  it("rejects values whose dimensions do not match the range, and fills a range from a single value", async () => {
    const { Excel, workbook } = createFakeExcel();
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [[1, 2, 3]];
        await context.sync();
      }),
      {
        code: "InvalidArgument",
        message: "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
      },
    );
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = 5 as never;
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:B2"), [
      [5, 5],
      [5, 5],
    ]);
  });

  it("derives ranges: getCell, getResizedRange, getOffsetRange, getRow, getColumn, getLastCell", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const base = context.workbook.worksheets.getItem("Sheet1").getRange("B2:D5");
      const parts = [
        base.getCell(1, 1),
        base.getResizedRange(1, -1),
        base.getOffsetRange(2, 3),
        base.getRow(0),
        base.getColumn(2),
        base.getLastCell(),
        base.getBoundingRect("F9"),
      ].map((r) => r.load("address"));
      await context.sync();
      assert.deepEqual(
        parts.map((p) => p.address),
        ["Sheet1!C3", "Sheet1!B2:C6", "Sheet1!E4:G7", "Sheet1!B2:D2", "Sheet1!D2:D5", "Sheet1!D5", "Sheet1!B2:F9"],
      );
    });
  });

  it("reads values, formulas, text, number formats and value types", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:D1");
      range.values = [[1234.5, "text", true, ""]];
      range.numberFormat = [["#,##0.00", "General", "General", "General"]];
      range.load("values, text, numberFormat, valueTypes, formulas");
      await context.sync();
      assert.deepEqual(range.values, [[1234.5, "text", true, ""]]);
      assert.deepEqual(range.text, [["1,234.50", "text", "TRUE", ""]]);
      assert.deepEqual(range.valueTypes, [["Double", "String", "Boolean", "Empty"]]);
      assert.deepEqual(range.numberFormat, [["#,##0.00", "General", "General", "General"]]);
    });
  });

  it("reads written text the way Excel reads typing", async () => {
    const { Excel, workbook } = createFakeExcel();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("B1").numberFormat = [["@"]];
      sheet.getRange("A1:A6").values = [["00123"], ["'00123"], ["TRUE"], ["2024-01-31"], ["12%"], ["-x"]];
      sheet.getRange("B1").values = [["00123"]];
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:A5"), [[123], ["00123"], [true], [45322], [0.12]]);
    assert.equal(workbook.getCellState("A4").numberFormat, "m/d/yyyy");
    assert.deepEqual(workbook.getCellState("A6"), {
      value: "#NAME?",
      formula: "=-x",
      numberFormat: "General",
      error: { code: "#NAME?" },
    });
    assert.equal(workbook.getCellState("B1").value, "00123");
  });

  it("stores plain inputs without full reading exactly as the full reading would", () => {
    const inputs: unknown[] = [
      1.5,
      -0,
      0,
      Infinity,
      NaN,
      true,
      false,
      "'00123",
      "'",
      "'=A1",
      "text",
      "Price",
      "x1",
      "abc ",
      "Zed",
      "TRUE",
      "true",
      "FALSE",
      "t",
      "f",
      "00123",
      " 12",
      "12%",
      "-x",
      "+x",
      "=A1",
      "2024-01-31",
      "",
      " ",
      "é",
      "_a",
      null,
      undefined,
      new Date(0),
      12n,
    ];
    for (const format of ["General", "@", "0.00"]) {
      for (const input of inputs) {
        const plain = plainValue(input, format);
        if (plain === NEEDS_READING) continue;
        assert.deepEqual({ value: plain }, interpretInput(input, format), `${String(input)} in ${format}`);
      }
    }
    assert.equal(plainValue("'00123", "General"), "00123");
    assert.equal(plainValue("Price", "General"), "Price");
    assert.equal(plainValue("TRUE", "General"), NEEDS_READING);
  });

  it("leaves cells alone where the written array holds null", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [["keep", "replace"]]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [[null, "new"]];
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:B1"), [["keep", "new"]]);
  });

  it("finds the used range, A1 for an empty sheet, and a null object from the OrNullObject variant", async () => {
    const { Excel, workbook } = createFakeExcel({ sheets: ["Data", "Empty"] });
    workbook.setCell("Data!C3", 1);
    workbook.setCell("Data!E7", 2);
    await Excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem("Data").getUsedRange().load("address");
      const empty = context.workbook.worksheets.getItem("Empty").getUsedRange().load("address");
      const none = context.workbook.worksheets.getItem("Empty").getUsedRangeOrNullObject();
      await context.sync();
      assert.equal(used.address, "Data!C3:E7");
      assert.equal(empty.address, "Empty!A1");
      assert.equal(none.isNullObject, true);
    });
  });

  it("clears contents and formats", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [[1, 2]]);
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:B1").numberFormat = [["0.00", "0.00"]];
      sheet.getRange("A1").clear("Contents");
      sheet.getRange("B1").clear();
      await context.sync();
    });
    assert.deepEqual(workbook.getCellState("A1"), { value: "", formula: "", numberFormat: "0.00" });
    assert.deepEqual(workbook.getCellState("B1"), { value: "", formula: "", numberFormat: "General" });
    assert.equal(workbook.usedRange(), null);
  });

  it("answers null for cell properties of whole columns and of reads over 5,000,000 cells, but addresses of any size", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const huge = context.workbook.worksheets.getItem("Sheet1").getRange("A:E").load("address, cellCount, values");
      await context.sync();
      assert.equal(huge.address, "Sheet1!A:E");
      assert.equal(huge.cellCount, 5 * 1_048_576);
      assert.equal(huge.values, null, "an unbounded range's values are null (Read or write to an unbounded range)");
    });
    await Excel.run(async (context) => {
      const over = context.workbook.worksheets.getItem("Sheet1").getRange("A1:E1000001").load("formulas, rowCount");
      await context.sync();
      assert.equal(over.formulas, null);
      assert.equal(over.rowCount, 1_000_001);
    });
    await Excel.run(async (context) => {
      const fits = context.workbook.worksheets.getItem("Sheet1").getRange("A1:E1000").load("rowCount, values");
      await context.sync();
      assert.equal(fits.rowCount, 1000);
      assert.equal(fits.values.length, 1000);
    });
  });

  it("adds, renames, activates and deletes worksheets with Excel's errors", async () => {
    const { Excel, workbook } = createFakeExcel();
    await Excel.run(async (context) => {
      const added = context.workbook.worksheets.add("Report");
      added.activate();
      await context.sync();
      added.name = "Summary";
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      assert.equal(active.name, "Summary");
    });
    assert.deepEqual(workbook.sheetNames(), ["Sheet1", "Summary"]);
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.add("summary");
        await context.sync();
      }),
      { code: "ItemAlreadyExists" },
    );
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.add("bad/name");
        await context.sync();
      }),
      { code: "InvalidArgument" },
    );
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Summary").delete();
      await context.sync();
    });
    assert.deepEqual(workbook.sheetNames(), ["Sheet1"]);
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").delete();
        await context.sync();
      }),
      { code: "InvalidOperation" },
    );
  });

  it("selects ranges and reports the selection through getSelectedRange", async () => {
    const { Excel, workbook } = createFakeExcel({ sheets: ["A", "B"] });
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("B").getRange("C2:D4").select();
      const selected = context.workbook.getSelectedRange().load("address");
      const active = context.workbook.getActiveCell().load("address");
      await context.sync();
      assert.equal(selected.address, "B!C2:D4");
      assert.equal(active.address, "B!C2");
    });
    assert.equal(workbook.selection(), "B!C2:D4");
    workbook.select("A!E5");
    assert.equal(workbook.activeSheet(), "A");
  });

  it("inserts cells shifting down and deletes cells shifting up", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [[1], [2], [3]]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A2").insert("Down");
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:A4"), [[1], [""], [2], [3]]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:A2").delete("Up");
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:A3"), [[2], [3], [""]]);
  });

  it("inserts cells shifting right and deletes cells shifting left, within the range's rows only", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setValues("A1", [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B1").insert("Right");
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:D2"), [
      [1, "", 2, 3],
      [4, 5, 6, ""],
    ]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").delete("Left");
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("A1:D2"), [
      [2, 3, "", ""],
      [6, "", "", ""],
    ]);
  });

  it("moves a formula and a table that a sideways shift carries, and refuses to split a table", async () => {
    const { Excel, workbook } = createFakeExcel({ functions: { "KALIBRATE.ONE": () => 1 } });
    workbook.setCell("B1", "=KALIBRATE.ONE()");
    await workbook.idle();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.tables.add("C3:D4", true);
      sheet.getRange("A1:A4").insert("Right");
      await context.sync();
    });
    await workbook.idle();
    assert.equal(workbook.getCellState("C1").formula, "=KALIBRATE.ONE()");
    assert.equal(workbook.getCellState("C1").value, 1);
    assert.equal(workbook.tablesInfo()[0].address, "Sheet1!D3:E4");
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A3").insert("Right");
        await context.sync();
      }),
      /would move or split cells of a table/,
    );
    assert.equal(workbook.tablesInfo()[0].address, "Sheet1!D3:E4");
  });
});
