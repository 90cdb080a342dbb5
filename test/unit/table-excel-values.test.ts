import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EXCEL_MAX_TEXT, excelSerial, toExcelTable, toExcelValue } from "../../src/core/table";

describe("Excel values", () => {
  it("ISO date-times become 1900-system serials of the UTC time", () => {
    assert.equal(toExcelValue("1970-01-01T00:00:00Z"), 25569);
    assert.equal(toExcelValue("2021-02-24T12:00:00Z"), 44251.5);
    assert.equal(toExcelValue("2021-02-24T12:00:00.250Z"), 44251.5 + 250 / 86_400_000);
    assert.equal(toExcelValue("2021-02-24T13:30:00+01:30"), 44251.5, "an offset is converted to UTC");
    assert.equal(toExcelValue("2021-02-24T12:00:00"), 44251.5, "no zone is read as UTC");
    assert.equal(toExcelValue("2020-06-01"), 43983);
    assert.equal(toExcelValue("1900-03-01"), 61);
  });

  it("leaves text that is not a usable date as text", () => {
    for (const text of ["0001-01-01T00:00:00", "1900-02-28", "2021-02-30", "2021-13-01", "2021", "12:00", "Own"]) {
      assert.equal(toExcelValue(text), text);
    }
    assert.equal(excelSerial("2021-02-30"), undefined);
  });

  it("numbers and booleans as they are, null as an empty cell, objects as JSON text", () => {
    assert.equal(toExcelValue(1.299), 1.299);
    assert.equal(toExcelValue(false), false);
    assert.equal(toExcelValue(null), "");
    assert.equal(toExcelValue(undefined), "");
    assert.equal(toExcelValue(Number.NaN), "");
    assert.equal(toExcelValue({ entityId: "x" }), '{"entityId":"x"}');
    assert.equal(toExcelValue([1, 2]), "[1,2]");
    const long = toExcelValue("x".repeat(EXCEL_MAX_TEXT + 10)) as string;
    assert.equal(long.length, EXCEL_MAX_TEXT);
    assert.ok(long.endsWith("…"));
  });

  it("toExcelTable converts every cell and names the columns that hold only dates", () => {
    const table = toExcelTable({
      headers: ["id.createdOn", "data.effectiveDate", "data.note", "data.price", "data.empty"],
      rows: [
        ["2021-02-24T12:00:00Z", "2020-06-01", "2020-06-01", 1.5, null],
        ["2021-02-25T00:00:00Z", null, "soon", 2, null],
      ],
    });
    assert.deepEqual(table.rows, [
      [44251.5, 43983, 43983, 1.5, ""],
      [44252, "", "soon", 2, ""],
    ]);
    assert.deepEqual(table.dateColumns, [
      { index: 0, header: "id.createdOn", hasTime: true },
      { index: 1, header: "data.effectiveDate", hasTime: false },
    ]);
  });
});
