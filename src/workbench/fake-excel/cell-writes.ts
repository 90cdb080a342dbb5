// Writing and clearing cells of the in-memory workbook: values and formulas read the way Excel reads typing, number
// formats, and Range.clear; afterwards table headers follow their cells and dependents recalculate.

import { cellCount, intersects, type Rect } from "./address";
import { GENERAL, interpretInput, NEEDS_READING, plainValue, type CellScalar } from "./cell-values";
import { ErrorCodes, invalidArgument, Messages, officeError } from "./errors";
import { hasContent, type Cell } from "./sheet-cells";
import type { SheetModel } from "./sheet-model";
import type { ClearApplyTo, WorkbookModel, WriteKind } from "./workbook-model";

const MAX_FILL_CELLS = 5_000_000;

/** Writes values, formulas or number formats; a 2-D array must match the range, a single value fills it. */
export function writeCells(
  model: WorkbookModel,
  sheet: SheetModel,
  rect: Rect,
  kind: WriteKind,
  data: unknown,
  location?: string,
): void {
  const grid = Array.isArray(data) ? data : undefined;
  if (grid) {
    const fits =
      grid.length === rect.rows && grid.every((row) => Array.isArray(row) && (row as unknown[]).length === rect.cols);
    if (!fits) throw invalidArgument(location, Messages.dimensionMismatch);
  }
  if (!grid && cellCount(rect) > MAX_FILL_CELLS) {
    // Excel keeps whole-column and whole-sheet formats apart from cells; this model stores cells only.
    throw officeError(
      ErrorCodes.notImplemented,
      `The fake Excel host fills at most ${MAX_FILL_CELLS.toLocaleString("en")} cells from one value; write to the rows in use instead of whole columns or sheets.`,
      location,
    );
  }
  const formats = kind === "numberFormat";
  for (let r = 0; r < rect.rows; r++) {
    const line = grid ? (grid[r] as unknown[]) : undefined;
    for (let c = 0; c < rect.cols; c++) {
      const input = line ? line[c] : data;
      if (formats) applyFormat(sheet, rect.row + r, rect.col + c, input);
      else applyTyped(model, sheet, rect.row + r, rect.col + c, input);
    }
  }
  sheet.cells.touch();
  afterCellsChanged(model, sheet, rect);
}

/** One cell, as if typed: "=…" is a formula, text is read like Excel reads typing. */
export function applyTyped(model: WorkbookModel, sheet: SheetModel, row: number, col: number, input: unknown): void {
  const existing = sheet.cells.get(row, col);
  const format = existing?.nf ?? GENERAL;
  // Most cells of a large write are numbers and protected text: stored without building a CellInput for each.
  const plain = plainValue(input, format);
  if (plain !== NEEDS_READING) return applyValue(model, sheet, row, col, plain, undefined, existing);
  const parsed = interpretInput(input, format);
  if (!parsed) return;
  if ("formula" in parsed) {
    if (existing?.calc) model.engine.removeFormula(existing.calc);
    model.engine.setFormula(sheet, row, col, parsed.formula);
    return;
  }
  applyValue(model, sheet, row, col, parsed.value, parsed.numberFormat, existing);
}

/** A value into a cell; `existing` is the cell there before (looked up once by the caller). */
function applyValue(
  model: WorkbookModel,
  sheet: SheetModel,
  row: number,
  col: number,
  value: CellScalar,
  numberFormat: string | undefined,
  existing: Cell | undefined,
): void {
  const clearing = value === "";
  // Clearing a cell that a spill fills changes nothing in Excel: the spill owns it.
  if (clearing && (!existing || existing.spillOf)) return;
  if (!existing) {
    sheet.cells.add(row, col, value, numberFormat || undefined);
    return;
  }
  let cell = existing;
  if (existing.calc) {
    model.engine.removeFormula(existing.calc);
    cell = sheet.cells.getOrCreate(row, col); // the formula's removal may have changed what the store holds
  }
  // Only fields the cell has are cleared, so a plain cell keeps its small shape (SheetCells.add).
  if (cell.spillOf !== undefined) cell.spillOf = undefined;
  if (cell.f !== undefined) cell.f = undefined;
  if (cell.err !== undefined) cell.err = undefined;
  if (cell.rich !== undefined) cell.rich = undefined;
  cell.v = value;
  if (numberFormat && cell.nf === undefined) cell.nf = numberFormat;
  if (clearing) sheet.cells.compact(row, col);
}

function applyFormat(sheet: SheetModel, row: number, col: number, input: unknown): void {
  if (input === null || input === undefined) return;
  const format = String(input);
  if (format === "" || format === GENERAL) {
    const cell = sheet.cells.get(row, col);
    if (!cell) return;
    cell.nf = undefined;
    // compact drops only a cell that holds nothing; writeCells bumps the store's version after the loop anyway.
    if (!hasContent(cell)) sheet.cells.compact(row, col);
    return;
  }
  const cell = sheet.cells.get(row, col);
  if (cell) cell.nf = format;
  else sheet.cells.add(row, col, "", format);
}

export function clearCells(model: WorkbookModel, sheet: SheetModel, rect: Rect, applyTo: ClearApplyTo = "All"): void {
  const contents = applyTo === "All" || applyTo === "Contents" || applyTo === "ResetContents";
  const formats = applyTo === "All" || applyTo === "Formats";
  const touched: Array<[number, number]> = [];
  sheet.cells.forEachIn(rect, (cell, r, c) => touched.push([r, c]));
  for (const [r, c] of touched) {
    const cell = sheet.cells.get(r, c);
    if (!cell) continue;
    if (contents && !cell.spillOf) {
      if (cell.calc) model.engine.removeFormula(cell.calc);
      cell.v = "";
      cell.err = undefined;
      cell.rich = undefined;
      cell.f = undefined;
    }
    if (formats) cell.nf = undefined;
    sheet.cells.compact(r, c);
  }
  sheet.cells.touch();
  afterCellsChanged(model, sheet, rect);
}

function afterCellsChanged(model: WorkbookModel, sheet: SheetModel, rect: Rect): void {
  for (const table of model.tablesOn(sheet)) if (intersects(table.headerRect, rect)) model.syncHeaders(table);
  model.engine.cellsChanged(sheet, rect);
  model.changed(sheet);
}
