// How the workbench grid shows a cell: the text Excel shows under the cell's number format (the fake host's own
// formatter, so the grid and Range.text agree), with errors as their codes.
import type { CellScalar } from "./fake-excel/cell-values";
import { formatCellText } from "./fake-excel/number-format";

export interface CellError {
  code: string;
  message?: string;
}

export function displayValue(value: unknown, numberFormat = "General", error?: CellError): string {
  if (error) return error.code;
  if (value === null || value === undefined) return "";
  return formatCellText(value as CellScalar, numberFormat, error);
}
