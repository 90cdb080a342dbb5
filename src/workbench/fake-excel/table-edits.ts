// Excel tables of the in-memory workbook: creating, renaming, resizing and deleting them, their rows, and the shifts
// that act on a table (whole rows of its body) or refuse (anything that would split it).

import { insideGrid, intersects, type Rect } from "./address";
import { GENERAL } from "./cell-values";
import { invalidArgument, invalidOperation, Messages } from "./errors";
import { formatCellText } from "./number-format";
import type { SheetModel } from "./sheet-model";
import { checkTableName, headerNamer, renameColumns, TableModel, type TableColumnModel } from "./table-model";
import type { WorkbookModel } from "./workbook-model";

function assertNoOverlap(model: WorkbookModel, sheet: SheetModel, rect: Rect, location: string, except?: TableModel) {
  if (model.tableIntersects(sheet, rect, except)) throw invalidArgument(location, Messages.tableOverlap);
}

export function addTable(model: WorkbookModel, sheet: SheetModel, rect: Rect, hasHeaders: boolean, n: () => number) {
  const location = "TableCollection.add";
  assertNoOverlap(model, sheet, rect, location);
  let tableRect = { ...rect };
  if (!hasHeaders) {
    // Without headers Excel inserts a header row above the data, shifting it down one row.
    if (!insideGrid({ ...rect, rows: rect.rows + 1 })) throw invalidArgument(location);
    model.insertRows(sheet, rect.row, 1, rect.col, rect.col + rect.cols - 1);
    tableRect = { ...rect, rows: rect.rows + 1 };
  } else if (rect.rows === 1) {
    // A table always has at least one data row: a header-only range gains the row below it.
    tableRect = { ...rect, rows: 2 };
    if (!insideGrid(tableRect)) throw invalidArgument(location);
    assertNoOverlap(model, sheet, tableRect, location);
  }
  let id = n();
  while (model.tableByName(`Table${id}`)) id = n();
  const table = new TableModel(String(id), `Table${id}`, sheet, tableRect);
  model.tables.push(table);
  syncHeaders(model, table);
  model.note({ reason: "tables", sheet: sheet.name });
  return table;
}

export function renameTable(model: WorkbookModel, table: TableModel, name: string): void {
  if (table.name === name) return;
  checkTableName(name, table, model.tableByName(name));
  table.name = name;
  model.note({ reason: "tables", sheet: table.sheet.name });
}

/** Header cells hold the column names as text (a formula there becomes its value). */
export function syncHeaders(model: WorkbookModel, table: TableModel): void {
  const { sheet, rect } = table;
  const nameOf = headerNamer();
  const names: string[] = [];
  for (let c = 0; c < rect.cols; c++) {
    const cell = sheet.cells.get(rect.row, rect.col + c);
    const name = nameOf(cell ? (cell.err ? cell.err.code : formatCellText(cell.v, cell.nf ?? GENERAL)) : "", c);
    names.push(name);
    if (cell?.calc) model.engine.removeFormula(cell.calc);
    const target = sheet.cells.getOrCreate(rect.row, rect.col + c);
    target.v = name;
    target.f = undefined;
    target.err = undefined;
    target.rich = undefined;
    target.spillOf = undefined;
  }
  renameColumns(table, names);
}

export function resizeTable(model: WorkbookModel, table: TableModel, sheet: SheetModel, rect: Rect): void {
  const location = "Table.resize";
  if (sheet !== table.sheet || rect.row !== table.rect.row || rect.rows < 2 || !intersects(rect, table.rect)) {
    throw invalidArgument(
      location,
      "The new table range must be on the same sheet, keep the header row in the same row, overlap the current range and include at least one data row.",
    );
  }
  assertNoOverlap(model, sheet, rect, location, table);
  const shift = rect.col - table.rect.col;
  const kept = shift >= 0 ? table.columns.slice(shift) : [...new Array<TableColumnModel>(-shift), ...table.columns];
  table.columns = kept.slice(0, rect.cols);
  table.rect = rect;
  syncHeaders(model, table);
  model.note({ reason: "tables", sheet: sheet.name });
}

export function dropTable(model: WorkbookModel, table: TableModel): void {
  table.deleted = true;
  model.tables.splice(model.tables.indexOf(table), 1);
  model.note({ reason: "tables", sheet: table.sheet.name });
}

export function addTableRows(
  model: WorkbookModel,
  table: TableModel,
  index: number | null | undefined,
  values: unknown,
): number {
  const location = "TableRowCollection.add";
  const rows = Array.isArray(values) ? values : undefined;
  if (
    !rows ||
    rows.length === 0 ||
    !rows.every((r) => Array.isArray(r) && (r as unknown[]).length === table.rect.cols)
  ) {
    throw invalidArgument(location, Messages.dimensionMismatch);
  }
  const at = index ?? table.dataRows;
  if (!Number.isInteger(at) || at < 0 || at > table.dataRows) throw invalidArgument(location);
  const row = table.rect.row + 1 + at;
  const { col, cols } = table.rect;
  model.insertRows(table.sheet, row, rows.length, col, col + cols - 1, table);
  table.rect = { ...table.rect, rows: table.rect.rows + rows.length };
  model.write(table.sheet, { row, col, rows: rows.length, cols }, "values", rows, location);
  model.note({ reason: "tables", sheet: table.sheet.name });
  return at;
}

export function deleteTableRows(model: WorkbookModel, table: TableModel, index: number, count: number): void {
  if (
    !Number.isInteger(index) ||
    !Number.isInteger(count) ||
    index < 0 ||
    count < 1 ||
    index + count > table.dataRows
  ) {
    throw invalidArgument("TableRowCollection.deleteRowsAt");
  }
  const { col, cols } = table.rect;
  // A table keeps at least one (empty) data row.
  const keepOne = count === table.dataRows;
  const first = table.rect.row + 1 + index;
  if (keepOne) model.clear(table.sheet, { row: first, col, rows: 1, cols }, "Contents");
  const from = keepOne ? first + 1 : first;
  const n = keepOne ? count - 1 : count;
  if (n > 0) {
    model.deleteRows(table.sheet, from, n, col, col + cols - 1, table);
    table.rect = { ...table.rect, rows: table.rect.rows - n };
  }
  model.note({ reason: "tables", sheet: table.sheet.name });
}

/** Range.delete(Up) and Range.insert(Down): whole table rows act on the table, other table cells refuse. */
export function shiftRange(model: WorkbookModel, sheet: SheetModel, rect: Rect, direction: "Up" | "Down"): void {
  const c0 = rect.col;
  const c1 = rect.col + rect.cols - 1;
  const table = model.tablesOn(sheet).find((t) => intersects(t.rect, rect));
  if (table) {
    const body = table.bodyRect;
    const wholeRows = rect.col === table.rect.col && rect.cols === table.rect.cols;
    const inBody = rect.row >= body.row && rect.row + rect.rows <= body.row + body.rows;
    const inserting = direction === "Down" && rect.row >= body.row && rect.row <= body.row + body.rows;
    if (wholeRows && direction === "Up" && inBody) {
      return deleteTableRows(model, table, rect.row - body.row, rect.rows);
    }
    if (wholeRows && inserting) {
      const blank = Array.from({ length: rect.rows }, () => new Array(rect.cols).fill(""));
      addTableRows(model, table, rect.row - body.row, blank);
      return;
    }
    throw invalidOperation(
      "Range." + (direction === "Up" ? "delete" : "insert"),
      "This operation would split a table. Insert or delete whole rows of the table's data body.",
    );
  }
  if (direction === "Down") model.insertRows(sheet, rect.row, rect.rows, c0, c1);
  else model.deleteRows(sheet, rect.row, rect.rows, c0, c1);
}
