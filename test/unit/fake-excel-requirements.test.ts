// The fake host's requirement sets: isSetSupported answers for the ExcelApi it was started with, and an API above it
// fails at sync with ApiNotFound, as an older Excel does.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel, NEWEST_EXCEL_API } from "../../src/workbench/fake-excel";

describe("fake Excel requirement sets", () => {
  it("reports the newest ExcelApi it models by default, and the shared runtime's sets", () => {
    const { Office } = createFakeExcel();
    const { isSetSupported } = Office.context.requirements;
    assert.equal(isSetSupported("ExcelApi", NEWEST_EXCEL_API), true);
    assert.equal(isSetSupported("ExcelApi", "1.13"), true);
    assert.equal(isSetSupported("SharedRuntime", "1.1"), true);
    assert.equal(isSetSupported("ExcelApi", "1.99"), false);
    assert.equal(isSetSupported("WordApi", "1.1"), false);
  });

  it("started as ExcelApi 1.10, refuses getSpillParentOrNullObject (1.12) with ApiNotFound but runs 1.9 APIs", async () => {
    const { Excel, Office, workbook } = createFakeExcel({ excelApi: "1.10" });
    assert.equal(Office.context.requirements.isSetSupported("ExcelApi", "1.12"), false);
    workbook.setCell("A1", "=1+1");
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").getSpillParentOrNullObject().load("address");
        await context.sync();
      }),
      { code: "ApiNotFound" },
    );
    await Excel.run(async (context) => {
      const found = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").getSpecialCells("Formulas");
      found.load("address");
      await context.sync();
      assert.equal(found.address, "Sheet1!A1");
    });
  });

  it("refuses an excelApi that is not a version", () => {
    assert.throws(() => createFakeExcel({ excelApi: "latest" }), /excelApi must look like "1.10"/);
  });
});
