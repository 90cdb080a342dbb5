// Selection events in the fake Excel host.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("fake Excel selection events", () => {
  it("fires workbook and worksheet handlers for Range.select() and for the handle's select()", async () => {
    const { Excel, workbook } = createFakeExcel({ sheets: ["A", "B"] });
    const seen: string[] = [];
    await Excel.run(async (context) => {
      context.workbook.onSelectionChanged.add(async (args) => {
        const range = args.workbook.getSelectedRange().load("address");
        await args.workbook.context.sync();
        seen.push(`workbook ${range.address}`);
      });
      context.workbook.worksheets.getItem("A").onSelectionChanged.add(async (args) => {
        seen.push(`sheet A ${args.address} ${args.type}`);
      });
      await context.sync();
      context.workbook.worksheets.getItem("A").getRange("B2:C3").select();
      await context.sync();
    });
    await settle();
    workbook.select("B!D4");
    await settle();
    assert.deepEqual(seen.sort(), ["sheet A B2:C3 WorksheetSelectionChanged", "workbook A!B2:C3", "workbook B!D4"]);
  });

  it("does not register a handler before sync, and stops calling it after remove()", async () => {
    const { Excel, workbook } = createFakeExcel();
    let calls = 0;
    await Excel.run(async (context) => {
      const registration = context.workbook.onSelectionChanged.add(async () => {
        calls++;
      });
      workbook.select("A1");
      await settle();
      assert.equal(calls, 0);
      await context.sync();
      workbook.select("A2");
      await settle();
      assert.equal(calls, 1);
      registration.remove();
      await context.sync();
    });
    workbook.select("A3");
    await settle();
    assert.equal(calls, 1);
  });
});
