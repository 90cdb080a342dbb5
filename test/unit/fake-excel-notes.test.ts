// Cell notes in the fake Excel host (ExcelApi 1.18), as learn.microsoft.com documents NoteCollection ("Work with
// notes"): Workbook.notes holds every note and Worksheet.notes a sheet's, add() takes one cell (a larger range is
// InvalidArgument), getItem(key) finds a note by its cell, getItemOrNullObject says when there is none, a note's
// content can be changed and the note deleted, and none of it exists on an Excel older than ExcelApi 1.18.
/* eslint-disable office-addins/load-object-before-read -- getCount() is a ClientResult: it needs a sync, not a load. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

describe("fake Excel notes", () => {
  it("adds notes by range or address, finds them by cell, edits and deletes them, and leaves values alone", async () => {
    const { Excel, workbook } = createFakeExcel({ sheets: ["Sheet1", "Prices"] });
    workbook.setCell("Sheet1!B2", 1.439);
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.notes.add(sheet.getRange("B2"), "was 1.459");
      context.workbook.notes.add("Prices!C3", "check this");
      const all = context.workbook.notes.getCount();
      const onSheet = sheet.notes.getCount();
      await context.sync();
      assert.equal(all.value, 2);
      assert.equal(onSheet.value, 1);
    });
    assert.deepEqual(
      workbook.notes().map((n) => [n.address, n.content]),
      [
        ["Sheet1!B2", "was 1.459"],
        ["Prices!C3", "check this"],
      ],
    );
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const note = sheet.notes.getItem("B2").load("content,authorName");
      const none = sheet.notes.getItemOrNullObject("C9").load("content");
      const location = note.getLocation().load("address");
      await context.sync();
      assert.equal(note.content, "was 1.459");
      assert.equal(typeof note.authorName, "string");
      assert.equal(none.isNullObject, true);
      assert.equal(location.address, "Sheet1!B2");
      note.content = "was 1.459, edited";
      context.workbook.notes.getItem("Prices!C3").delete();
      await context.sync();
    });
    assert.deepEqual(
      workbook.notes().map((n) => [n.address, n.content]),
      [["Sheet1!B2", "was 1.459, edited"]],
    );
    assert.equal(workbook.noteAt("Sheet1!B2"), "was 1.459, edited");
    assert.equal(workbook.getValues("Sheet1!B2")[0][0], 1.439);
  });

  it("refuses a range larger than one cell, a second note on a cell, and a cell without a note", async () => {
    const { Excel, workbook } = createFakeExcel();
    workbook.addNote("A1", "a user's note");
    const code = (error: { code?: string }) => error.code;
    await assert.rejects(
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.notes.add(sheet.getRange("B2:C3"), "too big");
        await context.sync();
      }),
      (error: { code?: string }) => code(error) === "InvalidArgument",
    );
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").notes.add("A1", "another");
        await context.sync();
      }),
      (error: { code?: string }) => code(error) === "InvalidArgument",
    );
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").notes.getItem("B5").load("content");
        await context.sync();
      }),
      (error: { code?: string }) => code(error) === "ItemNotFound",
    );
    assert.deepEqual(
      workbook.notes().map((n) => n.content),
      ["a user's note"],
    );
  });

  it("is refused below ExcelApi 1.18, as Excel reports an API its build does not have", async () => {
    const { Excel, Office, workbook } = createFakeExcel({ excelApi: "1.17" });
    assert.equal(Office.context.requirements.isSetSupported("ExcelApi", "1.18"), false);
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").notes.add("A1", "a note");
        await context.sync();
      }),
      (error: { code?: string }) => error.code === "ApiNotFound",
    );
    assert.deepEqual(workbook.notes(), []);
    const newest = createFakeExcel();
    assert.equal(newest.Office.context.requirements.isSetSupported("ExcelApi", "1.18"), true);
  });
});
