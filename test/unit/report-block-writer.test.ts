// The chunked writer against the fake Excel host's payload limit: a block too big for one request is refused by the
// host and sent again in halves until it fits; every row arrives once, in place, with text kept as text.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";
import { protectText, writeRowBlocks } from "../../src/excel/reports/block-writer";
import { grownParts, shrunkParts, splitAddress, formatAddress } from "../../src/excel/reports/a1";

function rows(count: number) {
  return Array.from({ length: count }, (_, i) => [`id-${i}`, i * 1.5, i % 2 === 0, "0012"]);
}

describe("chunked report writes", () => {
  it("halves the block on RequestPayloadSizeLimitExceeded and retries it until every row is written", async () => {
    const { Excel, workbook } = createFakeExcel({ payloadLimitBytes: 20_000 });
    const data = rows(3_000);
    const written: number[] = [];
    const report = await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      return writeRowBlocks(context as never, sheet as never, { row: 1, column: 2 }, data, {
        blockRows: 2_000,
        onRows: (n) => written.push(n),
      });
    });
    assert.ok(report.refused.length >= 2, JSON.stringify(report));
    assert.equal(report.refused[0], 2_000);
    for (let i = 1; i < report.refused.length; i++) assert.equal(report.refused[i], report.refused[i - 1] / 2);
    assert.equal(report.blockRows, report.refused.at(-1)! / 2);
    assert.equal(written.at(-1), 3_000);
    assert.ok(
      written.every((n, i) => i === 0 || n > written[i - 1]),
      "progress only grows",
    );
    assert.equal(report.syncs, Math.ceil(3_000 / report.blockRows));
    const cells = workbook.getValues("C2:F3001");
    assert.deepEqual(cells[0], ["id-0", 0, true, "0012"]);
    assert.deepEqual(cells[2999], ["id-2999", 2999 * 1.5, false, "0012"]);
    assert.deepEqual(workbook.getValues("C3002:F3002")[0], ["", "", "", ""], "nothing past the last row");
    assert.deepEqual(workbook.getValues("B2")[0], [""], "nothing left of the target");
  });

  it("does not halve when the blocks fit, and writes nothing for no rows", async () => {
    const { Excel } = createFakeExcel();
    const report = await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      return writeRowBlocks(context as never, sheet as never, { row: 0, column: 0 }, rows(1_200), { blockRows: 500 });
    });
    assert.deepEqual(report, { syncs: 3, refused: [], blockRows: 500 });
    const empty = await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      return writeRowBlocks(context as never, sheet as never, { row: 0, column: 0 }, []);
    });
    assert.equal(empty.syncs, 0);
  });

  it("gives up with the host's error when even one row is too big", async () => {
    const { Excel } = createFakeExcel({ payloadLimitBytes: 100 });
    await assert.rejects(
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        return writeRowBlocks(context as never, sheet as never, { row: 0, column: 0 }, [["x".repeat(500)]]);
      }),
      { code: "RequestPayloadSizeLimitExceeded" },
    );
  });

  it("keeps text as text: numbers, signs, dates, booleans and formulas in text are not reinterpreted", async () => {
    const { Excel, workbook } = createFakeExcel();
    const texts = ["0012", "-abc", "=1+1", "2024-01-01", "TRUE", "'quoted", "plain"];
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      await writeRowBlocks(context as never, sheet as never, { row: 0, column: 0 }, [texts, [1, 2, 3, 4, 5, 6, 7]]);
    });
    assert.deepEqual(workbook.getValues("A1:G1")[0], texts);
    assert.ok(!workbook.getCellState("C1").formula?.startsWith("="), "no formula was entered");
    assert.deepEqual(workbook.getValues("A2:G2")[0], [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(protectText(""), "", "an empty value stays empty");
  });
});

describe("A1 geometry for resizing tables", () => {
  it("splits and formats sheet-qualified addresses", () => {
    assert.deepEqual(splitAddress("'My ''Sheet'!B3:D9"), {
      sheet: "My 'Sheet",
      rect: { row: 2, column: 1, rows: 7, columns: 3 },
    });
    assert.equal(formatAddress("My 'Sheet", { row: 2, column: 1, rows: 7, columns: 3 }), "'My ''Sheet'!B3:D9");
    assert.equal(formatAddress("Sheet1", { row: 0, column: 26, rows: 1, columns: 1 }), "Sheet1!AA1");
  });

  it("finds the cells a grown table newly covers and those a shrunk table gives back", () => {
    const table = { row: 0, column: 0, rows: 11, columns: 3 };
    assert.deepEqual(grownParts(table, { ...table, rows: 21, columns: 4 }), [
      { row: 11, column: 0, rows: 10, columns: 4 },
      { row: 0, column: 3, rows: 11, columns: 1 },
    ]);
    assert.deepEqual(grownParts(table, { ...table, rows: 5 }), []);
    assert.deepEqual(shrunkParts(table, { ...table, rows: 5, columns: 2 }), [
      { row: 5, column: 0, rows: 6, columns: 3 },
      { row: 0, column: 2, rows: 5, columns: 1 },
    ]);
  });
});
