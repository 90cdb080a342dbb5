// Excel does not recalculate non-volatile custom functions on F9, so Refresh re-enters the formulas of the cells that
// use KALIBRATE functions: only those cells recalculate, never the whole workbook.
//
// Finding them must scale to any workbook Excel can hold. `Range.formulas` returns the value of every cell without a
// formula, so reading a used range that holds a report exceeds Excel on the web's 5 MB response limit long before
// Excel's own limits. Instead each sheet's formula cells are found with getSpecialCellsOrNullObject(formulas)
// (ExcelApi 1.9), only those areas' formulas are read, a bounded number of cells per sync (halved when Excel refuses
// a response for its size or answers null), and the KALIBRATE ones are re-entered in bounded batches.
import type { CellValueBefore } from "../changes/diff";
import type { ExcelValue } from "../core/table";
import { formatAddress } from "./reports/a1";
import { isPayloadTooLarge } from "./reports/block-writer";
import { readRects } from "./bounded-read";
import { readSpillsIn } from "./changes/cell-values";
import { SPILL_BUDGET_CELLS, type SpillCapture } from "../changes/spill-diff";

const KALIBRATE_CALL = /(^|[^A-Za-z0-9_.])KALIBRATE\.[A-Z]+\s*\(/i;

export function usesKalibrate(formula: unknown): boolean {
  return typeof formula === "string" && formula.startsWith("=") && KALIBRATE_CALL.test(formula);
}

export interface RecalcResult {
  cells: number;
  /** With `capture`: each KALIBRATE cell's value just before it was re-entered (what "what moved" compares). */
  before?: CellValueBefore[];
  /** With `capture`: false where this Excel cannot tell what a formula spills into (no spilled values in `before`). */
  spillsCaptured?: boolean;
}

export interface RecalcLimits {
  /** Formula cells read per sync to start with (halved when a response is refused). */
  readCells: number;
  /** Formulas re-entered per sync, and the characters they may add up to (halved when a request is refused). */
  writeCells: number;
  writeChars: number;
  /** Areas of a sheet's formula cells whose position is read per sync. */
  areasPerSync: number;
}

// 20,000 formulas of a few hundred characters stay well under 5 MB; a sheet of 8,192-character formulas halves down.
export const RECALC_LIMITS: RecalcLimits = {
  readCells: 20_000,
  writeCells: 5_000,
  writeChars: 1_000_000,
  areasPerSync: 5_000,
};

interface Area {
  sheet: Excel.Worksheet;
  row: number;
  column: number;
  rows: number;
  columns: number;
}

interface FormulaCell {
  sheet: Excel.Worksheet;
  row: number;
  column: number;
  formula: string;
  value?: ExcelValue;
}

/** Where each sheet's formula cells are, as rectangles. */
async function formulaAreas(context: Excel.RequestContext, areasPerSync: number): Promise<Area[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const used = sheets.items.map((sheet) => ({ sheet, used: sheet.getUsedRangeOrNullObject(true) }));
  await context.sync();
  const special = used
    .filter(({ used }) => !used.isNullObject)
    .map(({ sheet, used }) => ({
      sheet,
      areas: used.getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas).load("areaCount"),
    }));
  await context.sync();
  const result: Area[] = [];
  for (const { sheet, areas } of special) {
    if (areas.isNullObject) continue;
    for (let start = 0; start < areas.areaCount; start += areasPerSync) {
      const page = [];
      for (let i = start; i < Math.min(areas.areaCount, start + areasPerSync); i++) {
        page.push(areas.areas.getItemAt(i).load("rowIndex,columnIndex,rowCount,columnCount"));
      }
      // One sync per page of areas keeps each response bounded.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      for (const area of page) {
        result.push({
          sheet,
          row: area.rowIndex,
          column: area.columnIndex,
          rows: area.rowCount,
          columns: area.columnCount,
        });
      }
    }
  }
  return result;
}

/** Reads the formulas of `areas`, at most `budget` cells per sync; returns the KALIBRATE ones. */
async function kalibrateFormulas(
  context: Excel.RequestContext,
  areas: Area[],
  budget: number,
  capture = false,
): Promise<FormulaCell[]> {
  const found: FormulaCell[] = [];
  await readRects(context, areas, budget, {
    load: (area) =>
      area.sheet
        .getRangeByIndexes(area.row, area.column, area.rows, area.columns)
        .load(capture ? "formulas,values" : "formulas"),
    declined: (range) => range.formulas === null || (capture && range.values === null),
    use: (area, range) =>
      range.formulas.forEach((row, r) =>
        row.forEach((formula, c) => {
          if (usesKalibrate(formula)) {
            const cell = { sheet: area.sheet, row: area.row + r, column: area.column + c, formula: String(formula) };
            found.push(capture ? { ...cell, value: range.values[r][c] as ExcelValue } : cell);
          }
        }),
      ),
  });
  return found;
}

/** Re-enters the formulas, a bounded batch per sync (halved if Excel refuses a request for its size). */
async function reenter(context: Excel.RequestContext, cells: FormulaCell[], limits: RecalcLimits): Promise<void> {
  let maxCells = limits.writeCells;
  let maxChars = limits.writeChars;
  let done = 0;
  while (done < cells.length) {
    let count = 0;
    let chars = 0;
    while (done + count < cells.length && count < maxCells) {
      const length = cells[done + count].formula.length;
      if (count > 0 && chars + length > maxChars) break;
      chars += length;
      count++;
    }
    for (const cell of cells.slice(done, done + count)) {
      cell.sheet.getRangeByIndexes(cell.row, cell.column, 1, 1).formulas = [[cell.formula]];
    }
    try {
      // One sync per batch: each batch is one bounded request.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (error) {
      if (!isPayloadTooLarge(error) || count === 1) throw error;
      maxCells = Math.max(1, Math.floor(count / 2));
      maxChars = Math.max(1, Math.floor(chars / 2));
      continue;
    }
    done += count;
  }
}

/**
 * Re-enters every KALIBRATE formula in the workbook; returns how many cells that was, and with `capture` the value
 * each had before (read with the formulas, in the same bounded batches).
 */
export async function recalculateKalibrateCells(
  limits: RecalcLimits = RECALC_LIMITS,
  options: { capture?: boolean } = {},
): Promise<RecalcResult> {
  return Excel.run(async (context) => {
    const areas = await formulaAreas(context, limits.areasPerSync);
    const cells = await kalibrateFormulas(context, areas, limits.readCells, options.capture);
    if (!options.capture) {
      await reenter(context, cells, limits);
      return { cells: cells.length };
    }
    const before: CellValueBefore[] = cells.map(({ sheet, row, column, formula, value }) => ({
      sheet: sheet.name,
      address: formatAddress(sheet.name, { row, column, rows: 1, columns: 1 }),
      formula,
      value: value ?? "",
    }));
    // The whole result each formula spills, read before re-entering the formula clears it (What moved compares it).
    // What moved is extra: a failed read of the spills never fails the refresh (their own cells are still compared).
    const spills = await readSpillsIn(
      context,
      before.map((cell) => cell.address),
      SPILL_BUDGET_CELLS,
    ).catch(() => new Map<string, SpillCapture>());
    for (const cell of before) {
      const spill = spills?.get(cell.address);
      if (spill) cell.spill = spill;
    }
    await reenter(context, cells, limits);
    return { cells: cells.length, before, spillsCaptured: spills !== undefined };
  });
}

export interface KalibrateCell {
  sheet: string;
  row: number;
  column: number;
  formula: string;
}

/** Every cell whose formula uses a KALIBRATE function, found and read in the same bounded way as Refresh. */
export async function findKalibrateCells(limits: RecalcLimits = RECALC_LIMITS): Promise<KalibrateCell[]> {
  return Excel.run(async (context) => {
    const areas = await formulaAreas(context, limits.areasPerSync);
    const cells = await kalibrateFormulas(context, areas, limits.readCells);
    return cells.map(({ sheet, row, column, formula }) => ({ sheet: sheet.name, row, column, formula }));
  });
}
