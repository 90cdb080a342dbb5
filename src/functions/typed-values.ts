// Typed results: where the host has CustomFunctionsRuntime 1.4, dates and prices leave a function as
// Excel.FormattedNumberCellValue JSON, so a cell shows 2025-06-29 08:00 or 1.459 without the analyst formatting it;
// elsewhere (Excel 2021, iPad) the same plain numbers as before. Dates are serials of the UTC time
// (core/table/excel-values.ts), so the format shows UTC digits.
import type { ExcelTable, ExcelValue } from "../core/table";

export const DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";
export const DATE_FORMAT = "yyyy-mm-dd";
export const PRICE_FORMAT = "0.000";

// A type alias, not an interface, so it fits the Record-typed entity properties.
export type FormattedNumber = {
  type: "FormattedNumber";
  basicValue: number;
  numberFormat: string;
};

interface OfficeRequirements {
  Office?: { context?: { requirements?: { isSetSupported?(name: string, version?: string): boolean } } };
}

function supported(name: string, version: string): boolean {
  try {
    return (globalThis as OfficeRequirements).Office?.context?.requirements?.isSetSupported?.(name, version) === true;
  } catch {
    return false; // Office not ready: plain values are always safe
  }
}

/** Entities and formatted numbers from custom functions (Excel on the web, Microsoft 365 2208+, Mac 16.64+). */
export const dataTypesSupported = () => supported("CustomFunctionsRuntime", "1.4");

/** Reference methods on entities (`=A1.PriceAt(…)`), Excel.JavaScriptCustomFunctionReferenceCellValue. */
export const referenceMethodsSupported = () => dataTypesSupported() && supported("ExcelApi", "1.19");

export function formatted(value: number, numberFormat: string): FormattedNumber {
  return { type: "FormattedNumber", basicValue: value, numberFormat };
}

/** `value` as a formatted number when `typed`, else as it is. */
export function typedNumber(
  value: number,
  numberFormat: string,
  typed = dataTypesSupported(),
): number | FormattedNumber {
  return typed ? formatted(value, numberFormat) : value;
}

/** A field that holds a price by its name: price, listPrice, data.currentPrice… */
export const isPriceField = (name: string) => /price$/i.test(name.split(".").pop() ?? "");

/**
 * A converted table's rows with its date columns (every value a date) and price columns (every value a number under
 * a price-named header) as formatted numbers; the rows as they are when not `typed`.
 */
export function typedRows(table: ExcelTable, typed: boolean): unknown[][] {
  if (!typed) return table.rows;
  const formats = new Map<number, string>();
  for (const column of table.dateColumns) formats.set(column.index, column.hasTime ? DATE_TIME_FORMAT : DATE_FORMAT);
  table.headers.forEach((header, index) => {
    if (!isPriceField(header) || formats.has(index)) return;
    const numbers = table.rows.every((row) => typeof row[index] === "number" || row[index] === "");
    if (numbers) formats.set(index, PRICE_FORMAT);
  });
  if (formats.size === 0) return table.rows;
  return table.rows.map((row) =>
    row.map((value: ExcelValue, index) => {
      const format = formats.get(index);
      return format && typeof value === "number" ? formatted(value, format) : value;
    }),
  );
}
