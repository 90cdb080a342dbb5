// Column widths and what a cell shows in its column, as Excel does it (sources in README.md, "Column widths"):
// a column is 8.43 characters of Calibri 11 wide by default, 64 px, 48 pt (points = px × 0.75); a character is about
// 7 px (Calibri 11's digit width, Excel's width unit) and a cell has 5 px of padding, so n characters need n × 7 + 5 px.
// A number (or date) whose formatted text does not fit shows "#" repeated across the column; General rounds its
// decimals first and shows "#" only when the whole number does not fit (KB 45646). Text is shown whole by Range.text
// (the workbench cuts it at the column's edge; Excel lets it run into empty neighbours). autofitColumns() sizes each
// column of the range to the widest text of the range's cells. Widths live beside the model, per sheet; inserting or
// deleting columns does not move them here, and the workbook file does not keep them.
import type { Rect } from "./address";
import { GENERAL } from "./cell-values";
import { formatsAt } from "./conditional-formats";
import { cellText } from "./data-types";
import { invalidArgument } from "./errors";
import { formatCellText } from "./number-format";
import type { Cell } from "./sheet-cells";
import type { SheetModel, WorkbookModel } from "./workbook-model";

export const DEFAULT_COLUMN_WIDTH_POINTS = 48;
export const CHARACTER_PX = 7;
export const CELL_PADDING_PX = 5;
/** Excel's widest column: 255 characters. */
export const MAX_COLUMN_WIDTH_POINTS = (255 * CHARACTER_PX + CELL_PADDING_PX) * 0.75;

const widths = new WeakMap<SheetModel, Map<number, number>>();

export const pointsToPx = (points: number) => Math.round(points / 0.75);
export const pxToPoints = (px: number) => px * 0.75;
/** Pixels the text needs: 7 px a character plus the cell's padding. */
export const textWidthPx = (text: string) => Array.from(text).length * CHARACTER_PX + CELL_PADDING_PX;

/** A column's width in points. */
export function columnWidth(sheet: SheetModel, col: number): number {
  return widths.get(sheet)?.get(col) ?? DEFAULT_COLUMN_WIDTH_POINTS;
}

/** The columns of a sheet whose width was set, in pixels (the workbench grid's layout). */
export function ownWidthsPx(sheet: SheetModel): Map<number, number> {
  return new Map([...(widths.get(sheet) ?? [])].map(([col, points]) => [col, pointsToPx(points)]));
}

/** Whether the width was set (by the add-in, autofit or a drag) rather than left at the default. */
export function hasOwnWidth(sheet: SheetModel, col: number): boolean {
  return widths.get(sheet)?.has(col) ?? false;
}

/** The width shared by the range's columns, or null when they differ (RangeFormat.columnWidth). */
export function uniformWidth(sheet: SheetModel, rect: Rect): number | null {
  const first = columnWidth(sheet, rect.col);
  for (let c = rect.col + 1; c < rect.col + rect.cols; c++) if (columnWidth(sheet, c) !== first) return null;
  return first;
}

export function setColumnWidths(model: WorkbookModel, sheet: SheetModel, rect: Rect, points: unknown): void {
  if (typeof points !== "number" || !Number.isFinite(points) || points < 0) {
    throw invalidArgument("RangeFormat.columnWidth", "A column width is a number of points, 0 or more.");
  }
  let map = widths.get(sheet);
  if (!map) widths.set(sheet, (map = new Map()));
  const width = Math.min(points, MAX_COLUMN_WIDTH_POINTS);
  for (let c = rect.col; c < rect.col + rect.cols; c++) map.set(c, width);
  model.changed(sheet);
}

/** The number format a cell is shown in: the top conditional format's when its rule holds, else its own. */
function shownFormat(model: WorkbookModel, sheet: SheetModel, row: number, col: number, cell: Cell): string {
  const own = cell.rich?.type === "FormattedNumber" ? String(cell.rich.numberFormat) : (cell.nf ?? GENERAL);
  const format = formatsAt(model, sheet, row, col).find((f) => f.numberFormat !== null && ruleHolds(f.formula));
  return format?.numberFormat ?? own;
}

/** The fake evaluates constant rules only ("=FALSE", "=0" are false); any other rule is taken to hold. */
function ruleHolds(formula: string): boolean {
  return !/^=?\s*(FALSE|0)\s*$/i.test(formula);
}

/** The cell's text under its number format (and a conditional format's), before the column's width is applied. */
export function fullText(model: WorkbookModel, sheet: SheetModel, row: number, col: number, cell: Cell): string {
  if (cell.err) return cell.err.code;
  if (cell.rich?.type === "Entity") return cellText(cell) ?? "";
  return formatCellText(cell.v, shownFormat(model, sheet, row, col, cell), cell.err);
}

const isNumber = (cell: Cell) => typeof cell.v === "number" && !cell.err && cell.rich?.type !== "Entity";

/** What the cell shows in its column: its text, or "#" across the column for a number that does not fit. */
export function shownText(model: WorkbookModel, sheet: SheetModel, row: number, col: number, cell: Cell): string {
  const text = fullText(model, sheet, row, col, cell);
  if (!isNumber(cell)) return text;
  const px = pointsToPx(columnWidth(sheet, col));
  if (textWidthPx(text) <= px) return text;
  if (shownFormat(model, sheet, row, col, cell).toLowerCase() === "general") {
    const rounded = roundedToFit(cell.v as number, px);
    if (rounded !== undefined) return rounded;
  }
  return "#".repeat(Math.max(1, Math.floor((px - CELL_PADDING_PX) / CHARACTER_PX)));
}

/** General in a narrow column: fewer decimals until the number fits (KB 45646), undefined when even none do not. */
function roundedToFit(value: number, px: number): string | undefined {
  for (let decimals = 9; decimals >= 0; decimals--) {
    const text = String(Number(value.toFixed(decimals)));
    if (textWidthPx(text) <= px) return text;
  }
  return undefined;
}

/** RangeFormat.autofitColumns(): each column of the range as wide as the widest text of the range's cells in it. */
export function autofitColumns(model: WorkbookModel, sheet: SheetModel, rect: Rect): void {
  const widest = new Map<number, number>();
  sheet.cells.forEachIn(rect, (cell, row, col) => {
    const text = fullText(model, sheet, row, col, cell);
    if (text !== "") widest.set(col, Math.max(widest.get(col) ?? 0, textWidthPx(text)));
  });
  // A column with nothing in the range keeps its width.
  for (const [col, px] of widest) setColumnWidths(model, sheet, { row: 0, col, rows: 1, cols: 1 }, pxToPoints(px));
}

/**
 * What Excel does when a user types a number or applies a number format (not what an add-in's writes do): a column
 * still at the default width grows to show the number ("best fit", ECMA-376 Part 1 §18.3.1.13 `col@bestFit`).
 */
export function fitTypedNumbers(model: WorkbookModel, sheet: SheetModel, rect: Rect): void {
  const widest = new Map<number, number>();
  sheet.cells.forEachIn(rect, (cell, row, col) => {
    if (hasOwnWidth(sheet, col) || !isNumber(cell) || cell.f !== undefined) return;
    // General rounds to fit instead.
    if (shownFormat(model, sheet, row, col, cell).toLowerCase() === "general") return;
    widest.set(col, Math.max(widest.get(col) ?? 0, textWidthPx(fullText(model, sheet, row, col, cell))));
  });
  for (const [col, px] of widest) {
    if (px > pointsToPx(DEFAULT_COLUMN_WIDTH_POINTS))
      setColumnWidths(model, sheet, { row: 0, col, rows: 1, cols: 1 }, pxToPoints(px));
  }
}
