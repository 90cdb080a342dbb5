// One date rule (src/core/dates.ts): the query checker, the cell writer and the functions' date arguments agree on
// what a date is and which instant it names.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EXCEL_EPOCH_SERIAL, excelSerialOf, parseIsoDate, readIsoTime, timeOfExcelSerial } from "../../src/core/dates";
import { isIsoDateValue, parseQuery } from "../../src/core/query";
import { excelSerial } from "../../src/core/table";
import { timeArgument } from "../../src/functions/arguments";

const DATES: Array<[string, number]> = [
  ["2024-01-31", Date.UTC(2024, 0, 31)],
  ["2024-01-31T08:30", Date.UTC(2024, 0, 31, 8, 30)],
  ["2024-01-31 08:30", Date.UTC(2024, 0, 31, 8, 30)],
  ["2024-01-31T08:30:15.1234567Z", Date.UTC(2024, 0, 31, 8, 30, 15, 123)],
  ["2024-01-31T08:30:00+01:00", Date.UTC(2024, 0, 31, 7, 30)],
  ["2024-01-31T08:30:00-0230", Date.UTC(2024, 0, 31, 11, 0)],
  ["2024-01-31T08:30:00+01", Date.UTC(2024, 0, 31, 7, 30)],
];
const NOT_DATES = ["2021-02-29", "2024-01-31T24:00", "2024-01-31T08:30+15:00", "31/01/2024", "2024-1-31", "today"];

describe("one date rule", () => {
  it("reads ISO dates as UTC instants, a date alone as midnight UTC", () => {
    for (const [text, ms] of DATES) assert.equal(parseIsoDate(text), ms, text);
    assert.equal(readIsoTime("2024-01-31")?.hasTime, false);
    assert.equal(readIsoTime("2024-01-31T00:00")?.hasTime, true);
  });

  it("keeps years below 100 as written (Date.UTC would move 0001 to 1901)", () => {
    const time = new Date(parseIsoDate("0001-01-01")!);
    assert.equal(time.getUTCFullYear(), 1);
  });

  it("counts leap years and zones as Date does, to the millisecond", () => {
    const cases: Array<[string, number | undefined]> = [
      ["2000-02-29", Date.UTC(2000, 1, 29)],
      ["1900-02-29", undefined],
      ["2023-02-29", undefined],
      ["0000-02-29", Date.UTC(2000, 1, 29) - 2000 * 365.2425 * 86_400_000],
      ["9999-12-31T23:59:59.9999Z", Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
      ["2024-01-31T08:30:00.1234567890", undefined],
      ["2024-01-31T08:30:00.Z", undefined],
      ["2024-01-31T08:30.5", undefined],
      ["2024-01-31T08:30+14:00", Date.UTC(2024, 0, 30, 18, 30)],
      ["2024-01-31T08:30+01:", undefined],
      ["2024-01-31T8:30", undefined],
      ["2024-01-31t08:30", undefined],
    ];
    for (const [text, ms] of cases) assert.equal(parseIsoDate(text), ms, text);
  });

  it("refuses impossible days, times and zones", () => {
    for (const text of NOT_DATES) assert.equal(parseIsoDate(text), undefined, text);
  });

  it("Excel serials: 25569 is 1970-01-01 and the conversion goes both ways", () => {
    assert.equal(excelSerialOf(0), EXCEL_EPOCH_SERIAL);
    assert.equal(timeOfExcelSerial(45322.25), Date.UTC(2024, 0, 31, 6));
    for (const [, ms] of DATES) assert.equal(timeOfExcelSerial(excelSerialOf(ms)), ms);
  });

  it("the query checker, the cell writer and the functions' dates agree", () => {
    for (const [text, ms] of DATES) {
      assert.equal(isIsoDateValue(text), true, `query: ${text}`);
      // A `+` cannot stand in query text (it separates clauses; the parser says so), so offsets there are `-` only.
      if (!text.includes("+")) assert.doesNotThrow(() => parseQuery(`(effectiveTime>${text})`), text);
      assert.equal(excelSerial(text)?.serial, excelSerialOf(ms), `cell: ${text}`);
      assert.equal(timeArgument("asOf", text), ms, `asOf: ${text}`);
    }
    for (const text of NOT_DATES) {
      assert.equal(isIsoDateValue(text), false, `query: ${text}`);
      assert.equal(excelSerial(text), undefined, `cell: ${text}`);
      assert.throws(() => timeArgument("asOf", text), /is not a date/, `asOf: ${text}`);
    }
  });
});
