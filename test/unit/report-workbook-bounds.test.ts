// The report adapter's "asks before covering content" check reads only bounded blocks: a target whose used part is
// too big for one response is read in smaller blocks (halved when Excel refuses one), not refused as a whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice } from "../../src/workbench/fake-excel";
import { excelReportWorkbook } from "../../src/excel/reports/report-workbook";

test("finds the cell in the way of a big target with a 20 KB response limit", async () => {
  const host = installFakeOffice(globalThis, { payloadLimitBytes: 20_000 });
  host.workbook.setCell("Z1", "beside");
  host.workbook.setCell("C4000", "in the way");
  // The used part of A1:C10001 is A1:C4000: 12,000 cells, over 20 KB as one read.
  const check = await excelReportWorkbook().checkInsert({ sheet: "Sheet1", address: "Sheet1!A1" }, 10_000, 3);
  assert.deepEqual(check, { occupied: "Sheet1!C4000" });
});

test("an empty used part is clear after reading every block", async () => {
  const host = installFakeOffice(globalThis, { payloadLimitBytes: 20_000 });
  host.workbook.setCell("Z1", "beside");
  host.workbook.setCell("A10500", "below");
  // The used part of A1:C10001 is all of it (the sheet's used range is A1:Z10500), every cell empty.
  const check = await excelReportWorkbook().checkInsert({ sheet: "Sheet1", address: "Sheet1!A1" }, 10_000, 3);
  assert.deepEqual(check, {});
});
