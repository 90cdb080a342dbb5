// The custom-function calculation engine of the fake Excel host.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel, CustomFunctionError } from "../../src/workbench/fake-excel";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("fake Excel calc engine: arguments and results", () => {
  it("evaluates literal formulas", () => {
    const { workbook } = createFakeExcel();
    workbook.setValues("A1", [['="say ""hi"""', "=42", "=true", "=-1.5"]]);
    assert.deepEqual(workbook.getValues("A1:D1"), [['say "hi"', 42, true, -1.5]]);
  });

  it("passes literals, omitted arguments, cell values, ranges and the invocation", () => {
    const calls: unknown[][] = [];
    const { workbook } = createFakeExcel({
      sheets: ["Sheet1", "Other Sheet"],
      functions: { "KALIBRATE.ECHO": (...args: unknown[]) => (calls.push(args), "ok") },
    });
    workbook.setValues("A1", [
      ["x", 2],
      [null, true],
    ]);
    workbook.setCell("'Other Sheet'!C3", 9);
    workbook.setCell("D5", '=kalibrate.echo("a""b", 1.5, TRUE, , A1, A1:B2, \'Other Sheet\'!C3, A2, {1,2;3,4})');
    assert.equal(workbook.getCellState("D5").value, "ok");
    assert.equal(
      workbook.getCellState("D5").formula,
      '=KALIBRATE.ECHO("a""b", 1.5, TRUE, , A1, A1:B2, \'Other Sheet\'!C3, A2, {1,2;3,4})',
    );
    assert.deepEqual(calls[0], [
      'a"b',
      1.5,
      true,
      null,
      "x",
      [
        ["x", 2],
        [null, true],
      ],
      9,
      null,
      [
        [1, 2],
        [3, 4],
      ],
      { address: "Sheet1!D5", functionName: "KALIBRATE.ECHO", isInValuePreview: false },
    ]);
  });

  it("passes empty cells as 0 when told to behave like Excel desktop", () => {
    const seen: unknown[] = [];
    const { workbook } = createFakeExcel({
      emptyCellArgument: 0,
      functions: { "K.F": (a: unknown) => (seen.push(a), 1) },
    });
    workbook.setCell("B1", "=K.F(A1)");
    assert.deepEqual(seen, [0]);
  });

  it("shows #BUSY! while a promise is pending, then its value; idle() waits for it", async () => {
    const pending = deferred<number>();
    const { workbook, Excel } = createFakeExcel({ functions: { "KALIBRATE.SLOW": () => pending.promise } });
    workbook.setCell("A1", "=KALIBRATE.SLOW()");
    assert.deepEqual(workbook.getValues("A1"), [[{ error: "#BUSY!" }]]);
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values, valueTypes");
      await context.sync();
      assert.deepEqual([range.values, range.valueTypes], [[["#BUSY!"]], [["Error"]]]);
    });
    let idle = false;
    const waiting = workbook.idle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(idle, false);
    pending.resolve(7);
    await waiting;
    assert.deepEqual(workbook.getValues("A1"), [[7]]);
  });

  it("converts null results to 0 and refuses arrays that are not rectangular", () => {
    const { workbook } = createFakeExcel({
      functions: { "K.NULL": () => null, "K.RAGGED": () => [[1, 2], [3]], "K.FLAT": () => [1, 2], "K.NAN": () => NaN },
    });
    workbook.setValues("A1", [["=K.NULL()", "=K.RAGGED()", "=K.FLAT()", "=K.NAN()"]]);
    assert.deepEqual(workbook.getValues("A1:D1"), [
      [0, { error: "#VALUE!" }, { error: "#VALUE!" }, { error: "#NUM!" }],
    ]);
  });
});

describe("fake Excel calc engine: spills", () => {
  it("spills a 2-D result down and right; spilled cells have values but no formulas", async () => {
    const { workbook, Excel } = createFakeExcel({
      functions: { "K.GRID": (n: number) => Array.from({ length: n }, (_, i) => [i, `r${i}`]) },
    });
    workbook.setCell("B2", "=K.GRID(3)");
    assert.deepEqual(workbook.getValues("B2:C4"), [
      [0, "r0"],
      [1, "r1"],
      [2, "r2"],
    ]);
    assert.equal(workbook.getCellState("C4").spilledFrom, "Sheet1!B2");
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const range = sheet.getRange("B2:C4").load("formulas, values");
      const spill = sheet.getRange("B2").getSpillingToRangeOrNullObject().load("address");
      const none = sheet.getRange("C3").getSpillingToRangeOrNullObject();
      await context.sync();
      assert.deepEqual(range.formulas, [
        ["=K.GRID(3)", ""],
        ["", ""],
        ["", ""],
      ]);
      assert.deepEqual(range.values, [
        [0, "r0"],
        [1, "r1"],
        [2, "r2"],
      ]);
      assert.equal(spill.address, "Sheet1!B2:C4");
      assert.equal(none.isNullObject, true);
    });
  });

  it("shows #SPILL! with a message when the area is not blank, and spills once the blocker is cleared", () => {
    const { workbook } = createFakeExcel({ functions: { "K.GRID": () => [[1], [2], [3]] } });
    workbook.setCell("A3", "in the way");
    workbook.setCell("A1", "=K.GRID()");
    assert.deepEqual(workbook.getValues("A1:A3"), [
      [{ error: "#SPILL!", message: "Spill range isn't blank." }],
      [""],
      ["in the way"],
    ]);
    workbook.setCell("A3", null);
    assert.deepEqual(workbook.getValues("A1:A3"), [[1], [2], [3]]);
    workbook.setCell("A2", "typed over the spill");
    assert.equal(workbook.getCellState("A1").error?.code, "#SPILL!");
    assert.deepEqual(workbook.getValues("A2:A3"), [["typed over the spill"], [""]]);
  });

  it("clears the old area when a spill shrinks on recalculation", () => {
    let size = 4;
    const { workbook } = createFakeExcel({
      functions: { "K.GRID": () => Array.from({ length: size }, () => [size, size]) },
    });
    workbook.setCell("A1", "=K.GRID()");
    assert.deepEqual(workbook.usedRange(), "Sheet1!A1:B4");
    size = 2;
    workbook.recalc();
    assert.deepEqual(workbook.getValues("A1:B4"), [
      [2, 2],
      [2, 2],
      ["", ""],
      ["", ""],
    ]);
    assert.equal(workbook.usedRange(), "Sheet1!A1:B2");
  });

  it("refuses to spill past the sheet's edge or into a table", async () => {
    const { workbook, Excel } = createFakeExcel({ functions: { "K.ROW": () => [[1, 2, 3]] } });
    workbook.setCell("XFC1", "=K.ROW()");
    assert.equal(workbook.getCellState("XFC1").error?.code, "#SPILL!");
    await Excel.run(async (context) => {
      context.workbook.tables.add("Sheet1!C5:D6", true);
      await context.sync();
    });
    workbook.setCell("A5", "=K.ROW()");
    assert.equal(workbook.getCellState("A5").error?.code, "#SPILL!");
  });

  it("removes a spill when its formula is cleared", () => {
    const { workbook } = createFakeExcel({ functions: { "K.GRID": () => [[1, 2]] } });
    workbook.setCell("A1", "=K.GRID()");
    workbook.setCell("A1", null);
    assert.equal(workbook.usedRange(), null);
  });
});

describe("fake Excel calc engine: errors and names", () => {
  it("shows CustomFunctions.Error codes, keeping messages only where Excel keeps them", async () => {
    const { workbook, CustomFunctions } = createFakeExcel({
      functions: {
        "K.NA": () => {
          throw new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, "No price for that site.");
        },
        "K.BAD": async () => {
          throw new CustomFunctionError(CustomFunctions.ErrorCode.invalidValue, "Check the date.");
        },
        "K.DIV": () => {
          throw new CustomFunctionError(CustomFunctions.ErrorCode.divisionByZero, "ignored by Excel");
        },
        "K.PLAIN": () => {
          throw new Error("internal detail");
        },
        "K.MIXED": () => [[1, new CustomFunctionError(CustomFunctions.ErrorCode.notAvailable, "gap")]],
      },
    });
    workbook.setValues("A1", [["=K.NA()", "=K.BAD()", "=K.DIV()", "=K.PLAIN()", "=K.MIXED()"]]);
    await workbook.idle();
    assert.deepEqual(workbook.getValues("A1:F1"), [
      [
        { error: "#N/A", message: "No price for that site." },
        { error: "#VALUE!", message: "Check the date." },
        { error: "#DIV/0!" },
        { error: "#VALUE!" },
        1,
        { error: "#N/A", message: "gap" },
      ],
    ]);
  });

  it("shows #NAME? for unknown functions and unsupported formulas, and recalculates once the function registers", () => {
    const handle = createFakeExcel();
    const { workbook } = handle;
    workbook.setValues("A1", [["=KALIBRATE.LATER(1)", "=A1+1", "=SUM(A1:A2)"]]);
    assert.deepEqual(workbook.getValues("A1:C1"), [[{ error: "#NAME?" }, { error: "#NAME?" }, { error: "#NAME?" }]]);
    handle.CustomFunctions.associate("LATER", (n: number) => n * 10);
    assert.deepEqual(workbook.getValues("A1"), [[10]]);
  });

  it("passes an argument's error on without calling the function", () => {
    let calls = 0;
    const { workbook } = createFakeExcel({
      functions: { "K.NA": () => new CustomFunctionError("#N/A", "none"), "K.USE": () => ++calls },
    });
    workbook.setCell("A1", "=K.NA()");
    workbook.setCell("B1", "=K.USE(A1)");
    assert.deepEqual(workbook.getValues("B1"), [[{ error: "#N/A", message: "none" }]]);
    assert.equal(calls, 0);
  });

  it("reads errors through the API as Excel's error strings", async () => {
    const { workbook, Excel } = createFakeExcel();
    workbook.setCell("A1", "=NOPE.F()");
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1")
        .load("values, valueTypes, text, formulas");
      await context.sync();
      assert.deepEqual(
        [range.values, range.valueTypes, range.text, range.formulas],
        [[["#NAME?"]], [["Error"]], [["#NAME?"]], [["=NOPE.F()"]]],
      );
    });
  });
});

describe("fake Excel calc engine: recalculation", () => {
  function counting() {
    const calls: string[] = [];
    const handle = createFakeExcel({
      functions: {
        "K.TWICE": (x: number, invocation: { address: string }) => {
          calls.push(invocation.address);
          return (x ?? 0) * 2;
        },
      },
    });
    return { ...handle, calls };
  }

  it("re-evaluates formulas that read an edited cell, and only those", async () => {
    const { workbook, Excel, calls } = counting();
    workbook.setCell("A1", 1);
    workbook.setValues("B1", [["=K.TWICE(A1)", "=K.TWICE(Z9)"]]);
    calls.length = 0;
    workbook.setCell("A1", 5);
    assert.deepEqual(calls, ["Sheet1!B1"]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[6]];
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("B1"), [[12]]);
    assert.deepEqual(calls, ["Sheet1!B1", "Sheet1!B1"]);
  });

  it("chains through formulas that read other formulas' results, including spilled ones", () => {
    const { workbook } = createFakeExcel({
      functions: {
        "K.SEQ": (n: number) => [[n], [n + 1]],
        "K.SUM": (r: number[][]) => r.flat().reduce((a, b) => a + b, 0),
      },
    });
    workbook.setCell("A1", 1);
    workbook.setCell("B1", "=K.SEQ(A1)");
    workbook.setCell("C1", "=K.SUM(B1:B2)");
    assert.deepEqual(workbook.getValues("C1"), [[3]]);
    workbook.setCell("A1", 10);
    assert.deepEqual(workbook.getValues("C1"), [[21]]);
  });

  it("re-evaluates everything on Application.calculate(Full), a sheet on worksheet.calculate(true), all on recalc()", async () => {
    const { workbook, Excel, calls } = createFakeExcelWithTwoSheets();
    calls.length = 0;
    await Excel.run(async (context) => {
      context.workbook.application.calculate(Excel.CalculationType.full);
      await context.sync();
    });
    assert.deepEqual(calls.sort(), ["One!A1", "Two!A1"]);
    calls.length = 0;
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Two").calculate(true);
      await context.sync();
    });
    assert.deepEqual(calls, ["Two!A1"]);
    calls.length = 0;
    workbook.recalc();
    assert.equal(calls.length, 2);
  });

  it("leaves dependents dirty in manual mode until Application.calculate(Recalculate)", async () => {
    const { workbook, Excel, calls } = counting();
    workbook.setCell("B1", "=K.TWICE(A1)");
    await Excel.run(async (context) => {
      context.workbook.application.calculationMode = "Manual";
      await context.sync();
    });
    calls.length = 0;
    workbook.setCell("A1", 4);
    assert.deepEqual(calls, []);
    assert.deepEqual(workbook.getValues("B1"), [[0]]);
    await Excel.run(async (context) => {
      context.workbook.application.calculate(Excel.CalculationType.recalculate);
      const mode = context.workbook.application.load("calculationMode");
      await context.sync();
      assert.equal(mode.calculationMode, "Manual");
    });
    assert.deepEqual(workbook.getValues("B1"), [[8]]);
  });

  it("does not recalculate dependents of writes made while API calculation is suspended", async () => {
    const { workbook, Excel, calls } = counting();
    workbook.setCell("B1", "=K.TWICE(A1)");
    calls.length = 0;
    await Excel.run(async (context) => {
      context.workbook.application.suspendApiCalculationUntilNextSync();
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[3]];
      await context.sync();
    });
    assert.deepEqual(calls, []);
    await Excel.run(async (context) => {
      context.workbook.application.calculate(Excel.CalculationType.recalculate);
      await context.sync();
    });
    assert.deepEqual(workbook.getValues("B1"), [[6]]);
  });

  it("ignores a superseded evaluation's late result", async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const queue = [first, second];
    const { workbook } = createFakeExcel({ functions: { "K.NEXT": () => queue.shift()!.promise } });
    workbook.setCell("A2", "=K.NEXT(A1)");
    workbook.setCell("A1", "edit");
    second.resolve("new");
    await workbook.idle();
    first.resolve("old");
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(workbook.getValues("A2"), [["new"]]);
  });

  it("shows 0 for a formula that reads its own cell instead of looping", () => {
    const { workbook } = createFakeExcel({ functions: { "K.ID": (x: unknown) => x } });
    workbook.setCell("A1", "=K.ID(A1:A2)");
    assert.deepEqual(workbook.getValues("A1"), [[0]]);
  });

  it("rewrites references when the sheet they name is renamed", async () => {
    const { workbook, Excel } = createFakeExcel({ sheets: ["Data", "Calc"], functions: { "K.ID": (x: unknown) => x } });
    workbook.setCell("Data!A1", 5);
    workbook.setCell("Calc!A1", "=K.ID(Data!A1)");
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Data").name = "Raw Data";
      await context.sync();
    });
    assert.equal(workbook.getCellState("Calc!A1").formula, "=K.ID('Raw Data'!A1)");
    workbook.setCell("'Raw Data'!A1", 6);
    assert.deepEqual(workbook.getValues("Calc!A1"), [[6]]);
  });

  it("notifies change listeners after writes and after async results", async () => {
    const pending = deferred<number>();
    const { workbook } = createFakeExcel({ functions: { "K.SLOW": () => pending.promise } });
    const changes: string[] = [];
    const stop = workbook.onChange((change) => changes.push(`${change.reason}:${change.sheet ?? ""}`));
    workbook.setCell("A1", "=K.SLOW()");
    assert.deepEqual(changes, ["cells:Sheet1"]);
    pending.resolve(1);
    await workbook.idle();
    assert.deepEqual(changes, ["cells:Sheet1", "cells:Sheet1"]);
    stop();
    workbook.setCell("A2", 1);
    assert.equal(changes.length, 2);
  });
});

function createFakeExcelWithTwoSheets() {
  const calls: string[] = [];
  const handle = createFakeExcel({
    sheets: ["One", "Two"],
    functions: { "K.MARK": (invocation: { address: string }) => (calls.push(invocation.address), 1) },
  });
  handle.workbook.setCell("One!A1", "=K.MARK()");
  handle.workbook.setCell("Two!A1", "=K.MARK()");
  return { ...handle, calls };
}
