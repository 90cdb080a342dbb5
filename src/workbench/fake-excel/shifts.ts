// Inserting and deleting cells with a shift (Range.insert / Range.delete, table rows): cells, formulas and tables in
// the shifted zone move; Excel never moves or splits part of a table and never pushes content off the sheet.

import { contains, intersects, MAX_COLUMNS, MAX_ROWS, type Rect } from "./address";
import { invalidOperation, officeError } from "./errors";
import type { SheetModel } from "./sheet-model";
import type { TableModel } from "./table-model";
import type { WorkbookModel } from "./workbook-model";

/**
 * A shift moves every cell of `zone` (the cells from the insertion or deletion point to the sheet's edge). Tables
 * there must lie wholly inside it and outside the deleted cells: Excel never moves or splits part of a table.
 */
function assertShiftAllowed(model: WorkbookModel, sheet: SheetModel, zone: Rect, owner?: TableModel, deleting?: Rect) {
  for (const table of model.tablesOn(sheet)) {
    if (table === owner || !intersects(table.rect, zone)) continue;
    const t = table.rect;
    const inside = contains(zone, t.row, t.col) && contains(zone, t.row + t.rows - 1, t.col + t.cols - 1);
    if (!inside || (deleting !== undefined && intersects(t, deleting))) {
      throw invalidOperation(
        undefined,
        "This operation would move or split cells of a table. Insert or delete whole table rows, or move the table first.",
      );
    }
  }
}

const belowZone = (row: number, c0: number, c1: number): Rect => ({
  row,
  col: c0,
  rows: MAX_ROWS - row,
  cols: c1 - c0 + 1,
});

const rightZone = (col: number, r0: number, r1: number): Rect => ({
  row: r0,
  col,
  rows: r1 - r0 + 1,
  cols: MAX_COLUMNS - col,
});

function offSheet() {
  return officeError(
    "NonBlankCellOffSheet",
    "Excel can't insert new cells because it would push non-empty cells off the end of the worksheet. Delete or clear the cells at the edge of the sheet first.",
  );
}

/** Excel's "insert cells, shift down" in columns [c0, c1]. */
export function insertRows(
  model: WorkbookModel,
  sheet: SheetModel,
  atRow: number,
  count: number,
  c0: number,
  c1: number,
  owner?: TableModel,
): void {
  const zone = belowZone(atRow, c0, c1);
  assertShiftAllowed(model, sheet, zone, owner);
  const last = sheet.cells.lastRowIn(c0, c1);
  if (last >= atRow && last + count >= MAX_ROWS) throw offSheet();
  shift(model, sheet, zone, () => {
    sheet.cells.shiftDown(atRow, count, c0, c1, (cell, r, c) => cell.calc && model.engine.moved(cell.calc, r, c));
    for (const table of model.tablesOn(sheet)) {
      if (table !== owner && intersects(table.rect, zone)) table.rect.row += count;
    }
  });
}

/** Excel's "delete cells, shift up" for rows [r0, r0 + count) in columns [c0, c1]. */
export function deleteRows(
  model: WorkbookModel,
  sheet: SheetModel,
  r0: number,
  count: number,
  c0: number,
  c1: number,
  owner?: TableModel,
): void {
  const zone = belowZone(r0, c0, c1);
  const deleted = { row: r0, col: c0, rows: count, cols: c1 - c0 + 1 };
  assertShiftAllowed(model, sheet, zone, owner, deleted);
  shift(model, sheet, zone, () => {
    removeFormulasIn(model, sheet, deleted);
    sheet.cells.shiftUp(r0, count, c0, c1, (cell, r, c) => cell.calc && model.engine.moved(cell.calc, r, c));
    for (const table of model.tablesOn(sheet)) {
      if (table !== owner && intersects(table.rect, zone)) table.rect.row -= count;
    }
  });
}

/** Excel's "insert cells, shift right" in rows [r0, r1]. */
export function insertColumns(
  model: WorkbookModel,
  sheet: SheetModel,
  atCol: number,
  count: number,
  r0: number,
  r1: number,
): void {
  const zone = rightZone(atCol, r0, r1);
  assertShiftAllowed(model, sheet, zone);
  const last = sheet.cells.lastColumnIn(r0, r1);
  if (last >= atCol && last + count >= MAX_COLUMNS) throw offSheet();
  shift(model, sheet, zone, () => {
    sheet.cells.shiftRight(atCol, count, r0, r1, (cell, r, c) => cell.calc && model.engine.moved(cell.calc, r, c));
    for (const table of model.tablesOn(sheet)) if (intersects(table.rect, zone)) table.rect.col += count;
  });
}

/** Excel's "delete cells, shift left" for columns [c0, c0 + count) in rows [r0, r1]. */
export function deleteColumns(
  model: WorkbookModel,
  sheet: SheetModel,
  c0: number,
  count: number,
  r0: number,
  r1: number,
): void {
  const zone = rightZone(c0, r0, r1);
  const deleted = { row: r0, col: c0, rows: r1 - r0 + 1, cols: count };
  assertShiftAllowed(model, sheet, zone, undefined, deleted);
  shift(model, sheet, zone, () => {
    removeFormulasIn(model, sheet, deleted);
    sheet.cells.shiftLeft(c0, count, r0, r1, (cell, r, c) => cell.calc && model.engine.moved(cell.calc, r, c));
    for (const table of model.tablesOn(sheet)) if (intersects(table.rect, zone)) table.rect.col -= count;
  });
}

function removeFormulasIn(model: WorkbookModel, sheet: SheetModel, rect: Rect): void {
  for (const fc of model.engine.formulasOn(sheet)) if (contains(rect, fc.row, fc.col)) model.engine.removeFormula(fc);
}

/** Moves the cells of `zone`, then recalculates what moved and what reads the zone. */
function shift(model: WorkbookModel, sheet: SheetModel, zone: Rect, move: () => void): void {
  const { engine } = model;
  const lifted = engine.liftSpills(sheet);
  const before = new Set(engine.formulasOn(sheet).filter((fc) => contains(zone, fc.row, fc.col)));
  move();
  engine.restoreSpills(lifted);
  engine.cellsChanged(sheet, zone);
  // Structural edits re-run the custom functions that moved (office-addin-notes).
  for (const fc of before) engine.cellsChanged(sheet, { row: fc.row, col: fc.col, rows: 1, cols: 1 });
  for (const fc of before) if (!fc.removed) engine.calculateFormula(fc);
  model.changed(sheet);
}
