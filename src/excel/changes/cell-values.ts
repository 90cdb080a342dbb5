// Reads what What moved compares of KALIBRATE formula cells: each cell's own value after a refresh (one 1×1 range
// per cell), and the whole result a formula spills (Range.getSpillingToRangeOrNullObject, ExcelApi 1.12), before the
// refresh (inside Refresh's own batch, just before the formulas are re-entered) and after it. Every read is bounded:
// a number of cells per sync, halved whenever Excel on the web declines a response for its size; spills past the
// budget of cells kept per refresh are not read at all, only measured.
import type { ExcelValue } from "../../core/table";
import type { CellValueReader } from "../../changes/ports";
import type { SpillCapture, SpillGrid } from "../../changes/spill-diff";
import { splitAddress } from "../reports/a1";
import { isReadTooLarge } from "../reports/block-writer";
import { readRects } from "../bounded-read";
import { isExcelApiSupported } from "../requirements";

export const CELLS_PER_READ = 20_000;
/** Formula cells whose spill's position is asked per sync (a few numbers each in the response). */
export const SPILL_SHAPES_PER_SYNC = 1_000;

interface Shape {
  address: string;
  sheet: string;
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/**
 * Where each formula's result spills (anchor included); formulas that do not spill are left out. Undefined where this
 * Excel has no ExcelApi 1.12 to ask.
 */
async function spillShapes(context: Excel.RequestContext, addresses: readonly string[]): Promise<Shape[] | undefined> {
  if (!isExcelApiSupported("1.12")) return undefined;
  const shapes: Shape[] = [];
  for (let start = 0; start < addresses.length; start += SPILL_SHAPES_PER_SYNC) {
    const page = addresses.slice(start, start + SPILL_SHAPES_PER_SYNC).map((address) => {
      const { sheet, rect } = splitAddress(address);
      const spill = context.workbook.worksheets
        .getItem(sheet ?? "")
        .getRangeByIndexes(rect.row, rect.column, 1, 1)
        .getSpillingToRangeOrNullObject()
        .load("rowIndex,columnIndex,rowCount,columnCount");
      return { address, sheet: sheet ?? "", spill };
    });
    // One sync per page of formulas keeps each response bounded.
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    for (const { address, sheet, spill } of page) {
      if (spill.isNullObject) continue;
      shapes.push({
        address,
        sheet,
        row: spill.rowIndex,
        column: spill.columnIndex,
        rows: spill.rowCount,
        columns: spill.columnCount,
      });
    }
  }
  return shapes;
}

/** A spill, or a piece of one: its offset in the spill's grid, and its size. */
interface Slice {
  grid: SpillGrid;
  sheet: string;
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** Reads the values of the spills into their grids, at most `budget` cells per sync (halved when refused). */
function readValues(context: Excel.RequestContext, spills: Slice[], budget: number): Promise<void> {
  return readRects(context, spills, budget, {
    load: (s) =>
      context.workbook.worksheets
        .getItem(s.sheet)
        .getRangeByIndexes(s.grid.row + s.row, s.grid.column + s.column, s.rows, s.columns)
        .load("values"),
    declined: (range) => range.values === null,
    use: (s, range) =>
      range.values.forEach((row, r) => {
        const target = s.grid.values[s.row + r];
        row.forEach((value, c) => (target[s.column + c] = value as ExcelValue));
      }),
  });
}

/**
 * The spilled results of the formula cells at `addresses`, inside a batch the caller runs (Refresh reads them just
 * before it re-enters the formulas). Up to `budgetCells` values in all, in the order given; a spill that no longer
 * fits answers its size only. Undefined where this Excel has no ExcelApi 1.12 (the caller compares own cells only).
 */
export async function readSpillsIn(
  context: Excel.RequestContext,
  addresses: readonly string[],
  budgetCells: number,
  cellsPerRead = CELLS_PER_READ,
): Promise<Map<string, SpillCapture> | undefined> {
  const shapes = await spillShapes(context, addresses);
  if (!shapes) return undefined;
  const result = new Map<string, SpillCapture>();
  const spills: Slice[] = [];
  let left = budgetCells;
  for (const shape of shapes) {
    const cells = shape.rows * shape.columns;
    if (cells > left) {
      result.set(shape.address, { over: cells });
      continue;
    }
    left -= cells;
    const grid: SpillGrid = {
      row: shape.row,
      column: shape.column,
      values: Array.from({ length: shape.rows }, () => new Array<ExcelValue>(shape.columns).fill("")),
    };
    result.set(shape.address, { grid });
    spills.push({ grid, sheet: shape.sheet, row: 0, column: 0, rows: shape.rows, columns: shape.columns });
  }
  await readValues(context, spills, cellsPerRead);
  return result;
}

export function excelCellValueReader(cellsPerRead = CELLS_PER_READ): CellValueReader {
  return {
    async read(addresses) {
      const values = new Map<string, ExcelValue>();
      if (addresses.length === 0) return values;
      return Excel.run(async (context) => {
        let budget = cellsPerRead;
        let done = 0;
        while (done < addresses.length) {
          const batch = addresses.slice(done, done + budget);
          const ranges = batch.map((address) => {
            const { sheet, rect } = splitAddress(address);
            return context.workbook.worksheets
              .getItem(sheet ?? "")
              .getRangeByIndexes(rect.row, rect.column, 1, 1)
              .load("values");
          });
          try {
            // One sync per batch: each batch is one bounded response.
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
          } catch (error) {
            if (!isReadTooLarge(error) || batch.length === 1) throw error;
            budget = Math.max(1, Math.floor(batch.length / 2));
            continue;
          }
          batch.forEach((address, i) => values.set(address, ranges[i].values[0][0] as ExcelValue));
          done += batch.length;
        }
        return values;
      });
    },

    readSpills(addresses, budgetCells) {
      return Excel.run((context) => readSpillsIn(context, addresses, budgetCells, cellsPerRead));
    },
  };
}
