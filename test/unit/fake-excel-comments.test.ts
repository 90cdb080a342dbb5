// Cell comments in the fake Excel host (ExcelApi 1.10), as learn.microsoft.com documents CommentCollection: add()
// takes one cell (a Range, or a string with the sheet name), a larger range is InvalidArgument, getItemByCell on a
// cell without a comment is an error, and deleting a comment leaves the cell's value alone.
/* eslint-disable office-addins/load-object-before-read -- getCount() is a ClientResult: it needs a sync, not a load. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";
import type { RequestContext } from "../../src/workbench/fake-excel/request-context";

describe("fake Excel comments", () => {
  it("adds comments by address or range, lists them with content, finds them by cell and deletes them", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.setCell("B2", 42);
    await Excel.run(async (context) => {
      context.workbook.comments.add("Sheet1!B2", "check this");
      context.workbook.comments.add(context.workbook.worksheets.getItem("Sheet1").getRange("C3"), "and this");
      const count = context.workbook.comments.getCount();
      await context.sync();
      assert.equal(count.value, 2);
    });
    assert.deepEqual(workbook.comments(), [
      { address: "Sheet1!B2", content: "check this" },
      { address: "Sheet1!C3", content: "and this" },
    ]);
    await Excel.run(async (context) => {
      const comment = context.workbook.comments.getItemByCell("Sheet1!B2");
      comment.load("content");
      const location = comment.getLocation().load("address");
      await context.sync();
      assert.equal(comment.content, "check this");
      assert.equal(location.address, "Sheet1!B2");
      comment.delete();
      await context.sync();
    });
    assert.deepEqual(workbook.comments(), [{ address: "Sheet1!C3", content: "and this" }]);
    assert.equal(workbook.getValues("B2")[0][0], 42, "the value is untouched");
  });

  it("refuses a range larger than one cell, an address without its sheet, and a cell without a comment", async () => {
    const { Excel } = createFakeExcel();
    const attempt = (work: (context: RequestContext) => void) =>
      Excel.run(async (context) => {
        work(context);
        await context.sync();
      });
    await assert.rejects(
      attempt((c) => c.workbook.comments.add("Sheet1!A1:B2", "x")),
      { code: "InvalidArgument" },
    );
    await assert.rejects(
      attempt((c) => c.workbook.comments.add("A1", "x")),
      { code: "InvalidArgument" },
    );
    await assert.rejects(
      attempt((c) => c.workbook.comments.getItemByCell("Sheet1!D4").load("content")),
      { code: "ItemNotFound" },
    );
  });
});
