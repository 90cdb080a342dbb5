// Excel on the web's payload limits in the fake host: 5 MB per sync request and response.
/* eslint-disable office-addins/no-context-sync-in-loop -- chunked writes sync once per chunk by design (office-addin-notes). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

const block = (rows: number, cols: number, text: string) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => `${text}${r}-${c}`));

describe("fake Excel payload limits", () => {
  it("refuses a sync whose request is over 5 MB with RequestPayloadSizeLimitExceeded and applies none of it", async () => {
    const { Excel, workbook } = createFakeExcel();
    const values = block(50_000, 10, "payload-"); // ~8 MB of JSON
    assert.ok(JSON.stringify(values).length > 5 * 1024 * 1024);
    await assert.rejects(
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("Z1").values = [["small write in the same batch"]];
        sheet.getRange("A1:J50000").values = values;
        await context.sync();
      }),
      (error: { code?: string; message?: string }) =>
        error.code === "RequestPayloadSizeLimitExceeded" &&
        /request payload size has exceeded the limit/.test(error.message ?? ""),
    );
    assert.equal(workbook.usedRange(), null);
  });

  it("accepts the same data written in smaller chunks", async () => {
    const { Excel, workbook } = createFakeExcel();
    const values = block(50_000, 10, "payload-");
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      for (let start = 0; start < values.length; start += 20_000) {
        const chunk = values.slice(start, start + 20_000);
        sheet.getRangeByIndexes(start, 0, chunk.length, 10).values = chunk;
        await context.sync();
      }
    });
    assert.equal(workbook.usedRange(), "Sheet1!A1:J50000");
    assert.equal(workbook.getCellState("J50000").value, "payload-49999-9");
  });

  it("refuses a sync whose response is over the limit with ResponsePayloadSizeLimitExceeded", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      for (let start = 0; start < 60_000; start += 20_000) {
        sheet.getRangeByIndexes(start, 0, 20_000, 10).values = block(20_000, 10, "response-");
        await context.sync();
      }
    });
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:J60000").load("values");
        await context.sync();
      }),
      { code: "ResponsePayloadSizeLimitExceeded" },
    );
    await Excel.run(async (context) => {
      const half = context.workbook.worksheets.getItem("Sheet1").getRange("A1:J20000").load("values");
      await context.sync();
      assert.equal(half.values.length, 20_000);
    });
  });

  it("takes the limit as an option and counts JSON characters", async () => {
    const { Excel, workbook } = createFakeExcel({ payloadLimitBytes: 20 });
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["12345"]]; // {"values":[["12345"]]} = 22
      await context
        .sync()
        .catch((error: { code: string }) => assert.equal(error.code, "RequestPayloadSizeLimitExceeded"));
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["1"]];
      await context.sync();
    });
    assert.equal(workbook.getCellState("A1").value, 1);
  });
});
