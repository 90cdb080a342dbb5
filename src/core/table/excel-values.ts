// JavaScript values → what an Excel cell holds. Dates follow core/dates (every time UTC): a date-time becomes the
// serial number of its UTC wall-clock time and shows the same digits Kalibrate sent for a "Z" time; a date alone
// (2020-06-01) becomes a whole serial. Dates before 1900-03-01 (Excel's 1900 leap-year bug makes its serials wrong)
// or after 9999-12-31, such as .NET's 0001-01-01 "no date", stay text.

import { excelSerialOf, hasTimeOfDay, isoTimeMs } from "../dates";

export type ExcelValue = string | number | boolean;

/** Number formats for the columns excel-values reports as dates. */
export const EXCEL_DATE_FORMAT = "yyyy-mm-dd";
export const EXCEL_DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";

/** Excel refuses longer text in a cell. */
export const EXCEL_MAX_TEXT = 32_767;

const FIRST_SAFE_SERIAL = 61; // 1900-03-01
const LAST_SERIAL = 2_958_465; // 9999-12-31

interface Converted {
  value: ExcelValue;
  /** Set when the value was a date: whether it carried a time of day. */
  date?: "date" | "dateTime";
}

/** The Excel serial for an ISO date or date-time, or undefined when `text` is not one (or out of Excel's range). */
export function excelSerial(text: string): { serial: number; hasTime: boolean } | undefined {
  const serial = serialOfText(text);
  return Number.isNaN(serial) ? undefined : { serial, hasTime: hasTimeOfDay(text) };
}

/** excelSerial's serial, NaN for any other text: no object per cell, for the row builder's million cells. */
function serialOfText(text: string): number {
  const ms = isoTimeMs(text);
  if (Number.isNaN(ms)) return NaN;
  const serial = excelSerialOf(ms);
  return serial < FIRST_SAFE_SERIAL || serial >= LAST_SERIAL + 1 ? NaN : serial;
}

function convert(value: unknown): Converted {
  if (value === null || value === undefined) return { value: "" };
  if (typeof value === "boolean") return { value };
  if (typeof value === "number") return { value: Number.isFinite(value) ? value : "" };
  if (typeof value === "string") {
    const serial = serialOfText(value);
    if (!Number.isNaN(serial)) return { value: serial, date: hasTimeOfDay(value) ? "dateTime" : "date" };
    return { value: clip(value) };
  }
  if (typeof value === "bigint") return { value: value.toString() };
  return { value: clip(JSON.stringify(value) ?? "") };
}

function clip(text: string): string {
  return text.length <= EXCEL_MAX_TEXT ? text : `${text.slice(0, EXCEL_MAX_TEXT - 1)}…`;
}

/**
 * One value as a cell holds it: ISO dates and date-times → Excel serial numbers (UTC, see above); numbers and
 * booleans as they are; null → "" (an empty cell); objects and arrays → JSON text; text longer than Excel allows is
 * cut with "…".
 */
export function toExcelValue(value: unknown): ExcelValue {
  return convert(value).value;
}

export interface DateColumn {
  index: number;
  header: string;
  /** true: some value had a time of day (use EXCEL_DATE_TIME_FORMAT), false: dates only (EXCEL_DATE_FORMAT). */
  hasTime: boolean;
}

export interface ExcelTable {
  headers: string[];
  rows: ExcelValue[][];
  /** Columns whose every non-empty value was a date, so a writer can give them a date number format. */
  dateColumns: DateColumn[];
}

/** A flattened table as Excel values, with the columns that hold dates. */
export function toExcelTable(table: { headers: readonly string[]; rows: readonly (readonly unknown[])[] }): ExcelTable {
  return excelTableOf(table.headers, table.rows, (row, column) => row[column]);
}

/**
 * Excel values straight from any rows (documents, say): `cell` gives one row's value for a column, and each value is
 * converted as it is read, so no intermediate table is built. Columns whose every non-empty value is a date are
 * reported as date columns.
 */
export function excelTableOf<R>(
  headers: readonly string[],
  rows: readonly R[],
  cell: (row: R, column: number) => unknown,
): ExcelTable {
  const builder = new ExcelRowBuilder();
  const width = headers.length;
  for (let r = 0; r < rows.length; r++) builder.add(rows[r], width, cell);
  return { headers: [...headers], rows: builder.rows, dateColumns: builder.dateColumns(headers) };
}

/**
 * Excel rows built one row at a time (a page of documents at a time, say), counting per column the dates and the
 * other non-empty values so the date columns are known at the end without a second pass.
 */
export class ExcelRowBuilder {
  readonly rows: ExcelValue[][] = [];
  readonly #dates: number[] = [];
  readonly #others: number[] = [];
  readonly #timed: boolean[] = [];

  /** Appends one row of `width` cells; `cell(row, column)` gives each value before conversion. */
  add<R>(row: R, width: number, cell: (row: R, column: number) => unknown): void {
    const dates = this.#dates;
    const others = this.#others;
    while (dates.length < width) {
      dates.push(0);
      others.push(0);
      this.#timed.push(false);
    }
    const values = new Array<ExcelValue>(width);
    for (let column = 0; column < width; column++) {
      const value = cell(row, column);
      // Numbers, booleans, text and empty cells are most of a table: converted here without an object per cell.
      if (typeof value === "number") {
        values[column] = Number.isFinite(value) ? value : "";
        if (values[column] !== "") others[column] += 1;
        continue;
      }
      if (value === null || value === undefined) {
        values[column] = "";
        continue;
      }
      if (typeof value === "boolean") {
        values[column] = value;
        others[column] += 1;
        continue;
      }
      // Text too: a date becomes its serial, other text is kept (clipped), still without an object per cell.
      if (typeof value === "string") {
        const serial = serialOfText(value);
        if (Number.isNaN(serial)) {
          values[column] = clip(value);
          if (value !== "") others[column] += 1;
        } else {
          values[column] = serial;
          dates[column] += 1;
          if (hasTimeOfDay(value)) this.#timed[column] = true;
        }
        continue;
      }
      const converted = convert(value);
      values[column] = converted.value;
      if (converted.date) {
        dates[column] += 1;
        if (converted.date === "dateTime") this.#timed[column] = true;
      } else if (converted.value !== "") {
        others[column] += 1;
      }
    }
    this.rows.push(values);
  }

  /** Empties `column` in every row so far and forgets what it held (its values turned out to be another path's). */
  clearColumn(column: number): void {
    for (const row of this.rows) if (column < row.length) row[column] = "";
    if (column < this.#dates.length) {
      this.#dates[column] = 0;
      this.#others[column] = 0;
      this.#timed[column] = false;
    }
  }

  /** Whether `column`'s every non-empty value so far was a date, and whether one had a time of day. */
  dateColumn(column: number): { hasTime: boolean } | undefined {
    return (this.#dates[column] ?? 0) > 0 && (this.#others[column] ?? 0) === 0
      ? { hasTime: this.#timed[column] }
      : undefined;
  }

  /** The date columns, when column i of every row is `headers[i]`. */
  dateColumns(headers: readonly string[]): DateColumn[] {
    return headers.flatMap((header, index) => {
      const date = this.dateColumn(index);
      return date ? [{ index, header, hasTime: date.hasTime }] : [];
    });
  }
}
